# The primary outcome table of NCT04223817 in R, the reference for src/core/analysis/primary.ts: for each
# abnormality, participants with at least one lesion anywhere ("any"), at each site of each hand, and at each site
# with the hands pooled; n/N per arm, Wilson intervals (prop.test(correct = FALSE)), the difference with Newcombe's
# hybrid score interval, Fisher's exact p (fisher.test; the odds ratio and its interval on the "any" rows only, as
# Manus), and the p-values adjusted by p.adjust() within each abnormality's per-hand sites and, separately, its
# pooled sites. Used by tools/r/analysis-fixture.R (the test fixture) and bench/analysis.R (the benchmark).
#
# participants: data.frame(code, arm = "ssc" | "control", right, left) — the analysed participants, sides imaged
# lesions:      data.frame(code, abnormality, site) — one row per site with a lesion (grade >= 1), side-prefixed id
# sites:        data.frame(abnormality, site) — every per-hand site scored for the abnormality, in form order

ARMS <- c("ssc", "control")

wilson_ci <- function(x, n, level) as.numeric(prop.test(x, n, conf.level = level, correct = FALSE)$conf.int)

comparison <- function(x1, n1, x2, n2, level, odds_ratio) {
  w1 <- suppressWarnings(wilson_ci(x1, n1, level))
  w2 <- suppressWarnings(wilson_ci(x2, n2, level))
  p1 <- x1 / n1
  p2 <- x2 / n2
  d <- p1 - p2
  f <- fisher.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2), conf.int = odds_ratio, conf.level = level)
  list(ssc = c(x1, n1, w1), control = c(x2, n2, w2), difference = d,
       difference_ci = c(d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)),
       p = f$p.value,
       odds_ratio = if (odds_ratio) c(unname(f$estimate), f$conf.int) else NULL)
}

primary_table <- function(participants, lesions, sites, level = 0.95, adjust = "holm") {
  arm_of <- setNames(participants$arm, participants$code)
  total <- table(factor(participants$arm, levels = ARMS))
  imaged <- list(R = table(factor(participants$arm[participants$right], levels = ARMS)),
                 L = table(factor(participants$arm[participants$left], levels = ARMS)))
  lesions$arm <- factor(arm_of[lesions$code], levels = ARMS)
  lesions$pooled <- sub("^[RL]\\.", "", lesions$site)
  rows <- list()
  for (abnormality in unique(sites$abnormality)) {
    l <- lesions[lesions$abnormality == abnormality, ]
    s <- sites$site[sites$abnormality == abnormality]
    add <- function(site, level_name, counts, n, odds_ratio = FALSE) {
      c(list(abnormality = abnormality, site = site, level = level_name),
        comparison(counts[["ssc"]], n[["ssc"]], counts[["control"]], n[["control"]], level, odds_ratio))
    }
    any_arm <- factor(arm_of[unique(l$code)], levels = ARMS)
    any_row <- add("any", "any", table(any_arm), total, odds_ratio = TRUE)
    any_row$p_adjusted <- any_row$p
    by_site <- table(factor(l$site, levels = s), l$arm)
    site_rows <- lapply(s, function(id) add(id, "site", by_site[id, ], imaged[[substr(id, 1, 1)]]))
    pooled_ids <- unique(sub("^[RL]\\.", "", s))
    first <- !duplicated(l[, c("code", "pooled")])
    by_pooled <- table(factor(l$pooled[first], levels = pooled_ids), l$arm[first])
    pooled_rows <- lapply(pooled_ids, function(id) add(id, "pooled", by_pooled[id, ], total))
    for (family in c("site", "pooled")) {
      group <- if (family == "site") site_rows else pooled_rows
      adjusted <- p.adjust(vapply(group, function(r) r$p, 0), method = adjust)
      for (i in seq_along(group)) group[[i]]$p_adjusted <- adjusted[i]
      if (family == "site") site_rows <- group else pooled_rows <- group
    }
    rows <- c(rows, list(any_row), site_rows, pooled_rows)
  }
  rows
}
