# Expected results for src/core/analysis/analysis.test.ts on the hand-made dataset
# src/core/analysis/fixtures/small-dataset.json: the primary table (tools/r/primary-table.R) with Holm and with
# Benjamini-Hochberg, and the articular sodium "all joints" row (participant means: t.test, wilcox.test).
# Run from the repository root: Rscript tools/r/analysis-fixture.R

source("tools/r/json.R")
source("tools/r/primary-table.R")

data <- jsonlite::fromJSON("src/core/analysis/fixtures/small-dataset.json", simplifyVector = FALSE)
participants <- data.frame(
  code = vapply(data$participants, function(p) p$code, ""),
  arm = vapply(data$participants, function(p) p$arm, ""),
  right = vapply(data$participants, function(p) p$hands != "left", TRUE),
  left = vapply(data$participants, function(p) p$hands != "right", TRUE))
lesions <- do.call(rbind, lapply(data$participants, function(p)
  if (length(p$lesions) == 0) NULL else data.frame(
    code = p$code,
    abnormality = vapply(p$lesions, function(l) l$abnormality, ""),
    site = vapply(p$lesions, function(l) l$site, ""))))
sites <- data.frame(abnormality = vapply(data$sites, function(s) s$abnormality, ""),
                    site = vapply(data$sites, function(s) s$site, ""))

row_json <- function(r) list(abnormality = r$abnormality, site = r$site, level = r$level,
  ssc = arr(r$ssc), control = arr(r$control), difference = r$difference, differenceCi = arr(r$difference_ci),
  p = r$p, pAdjusted = r$p_adjusted, oddsRatio = if (is.null(r$odds_ratio)) NULL else arr(r$odds_ratio))

sodium_mean <- function(arm) unlist(lapply(data$participants, function(p)
  if (p$arm == arm && length(p$sodium) > 0) mean(unlist(p$sodium)) else NULL))
x <- sodium_mean("ssc")
y <- sodium_mean("control")
welch <- t.test(x, y)
mw <- wilcox.test(x, y)

out <- list(
  holm = arr(lapply(primary_table(participants, lesions, sites, adjust = "holm"), row_json)),
  BH = arr(lapply(primary_table(participants, lesions, sites, adjust = "BH"), row_json)),
  sodium = list(welchP = welch$p.value, difference = unname(welch$estimate[1] - welch$estimate[2]),
                ci = arr(as.numeric(welch$conf.int)), mannWhitneyP = mw$p.value, W = unname(mw$statistic),
                sscMean = mean(x), sscSd = sd(x), controlMedian = median(y)))
writeLines(to_json(out), "src/core/analysis/fixtures/small-expected.json")
