# Inter-reader agreement of hand-MRI readings, the reference for src/core/reading/agreement.ts. Writes a seeded set of
# paired reads (src/core/reading/fixtures/agreement-reads.json) and, computed here independently, what Manus must
# report for them (agreement-expected.json): per item, the pairs (same exam, site and item, both recorded), the
# percentage of identical values and psych::cohen.kappa, unweighted or with the item's linear or quadratic agreement
# weights over its whole scale. Run from the repository root (Debian: r-base-core, r-cran-jsonlite, r-cran-psych):
#   Rscript tools/r/reading-agreement.R && npx prettier --write src/core/reading/fixtures

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
source(file.path(here, "json.R"))
out <- file.path(here, "..", "..", "src", "core", "reading", "fixtures")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

set.seed(20261206)
n_exams <- 30
# item, weighting, categories (whole scale, in order), sites
items <- list(
  list(item = "synovitis", weighting = "quadratic", categories = 0:3,
       sites = c(paste0("R.MCP", 2:5), paste0("L.MCP", 2:5))),
  list(item = "erosion", weighting = "quadratic", categories = 0:10,
       sites = c("R.bone.lunate", "R.bone.scaphoid", "L.bone.lunate")),
  list(item = "avascular_areas", weighting = "quadratic", categories = 0:20, sites = c("R.hand", "L.hand")),
  list(item = "artery_status", weighting = "none", categories = c("normal", "thin", "occluded", "not_visible"),
       sites = paste0("R.artery.digital.", 2:5, ".radial")),
  list(item = "artery_reach", weighting = "linear", categories = c("proximal", "middle", "distal"),
       sites = paste0("R.artery.digital.", 2:5, ".radial")),
  list(item = "venous_return", weighting = "none", categories = c("true", "false"),
       sites = paste0("L.vein.digital.", 1:5)),
  list(item = "calcinosis", weighting = "none", categories = c("false", "true"), sites = "R.region.palm"),
  list(item = "image_quality", weighting = "linear", categories = c("diagnostic", "limited", "non_diagnostic"),
       sites = "series")
)

# One reader's value: the true category moved by -1, 0 or +1 step (mostly 0), kept on the scale.
noisy <- function(truth, k) pmin(k, pmax(1, truth + sample(-1:1, 1, prob = c(0.15, 0.7, 0.15))))

rows <- list()
for (exam in seq_len(n_exams)) for (spec in items) for (site in spec$sites) {
  k <- length(spec$categories)
  site_id <- if (site == "series") sprintf("series:1.2.826.0.%d.1", exam) else site
  truth <- if (spec$item == "calcinosis") 1 else sample(seq_len(k), 1, prob = rev(seq_len(k))^2)
  for (reader in c("a", "b")) {
    at <- if (spec$item == "calcinosis") 1 else noisy(truth, k)
    rows[[length(rows) + 1]] <- data.frame(exam = exam, reader = reader, site = site_id, item = spec$item,
                                           category = spec$categories[at], stringsAsFactors = FALSE)
  }
}
reads <- do.call(rbind, rows)
# A not-visible artery has no reach; some fields are left out by one reader, so they make no pair.
hidden <- reads$item == "artery_status" & reads$category == "not_visible"
reads <- reads[!(reads$item == "artery_reach" &
                 paste(reads$exam, reads$reader, reads$site) %in% paste(reads$exam, reads$reader, reads$site)[hidden]), ]
reads <- reads[-sample(which(reads$reader == "b"), 15), ]

value_of <- function(item, category) {
  if (item %in% c("venous_return", "calcinosis")) return(category == "true")
  if (item %in% c("synovitis", "erosion", "avascular_areas")) return(as.numeric(category))
  category
}
reading_of <- function(r) list(findings = arr(lapply(seq_len(nrow(r)), function(i)
  list(site = r$site[i], item = r$item[i], value = value_of(r$item[i], r$category[i])))), comments = "")
pairs_doc <- lapply(seq_len(n_exams), function(exam)
  list(a = reading_of(reads[reads$exam == exam & reads$reader == "a", ]),
       b = reading_of(reads[reads$exam == exam & reads$reader == "b", ])))

expected <- lapply(items, function(spec) {
  a <- reads[reads$item == spec$item & reads$reader == "a", ]
  b <- reads[reads$item == spec$item & reads$reader == "b", ]
  paired <- merge(a, b, by = c("exam", "site", "item"), suffixes = c(".a", ".b"))
  k <- length(spec$categories)
  d <- abs(outer(seq_len(k), seq_len(k), "-")) / (k - 1)
  w <- switch(spec$weighting, none = NULL, linear = 1 - d, quadratic = 1 - d^2)
  ck <- suppressWarnings(suppressMessages(
    psych::cohen.kappa(cbind(paired$category.a, paired$category.b), w = w, levels = spec$categories)))
  kappa <- if (spec$weighting == "none") ck$kappa else ck$weighted.kappa
  list(item = spec$item, weighting = spec$weighting, pairs = nrow(paired),
       percentAgreement = 100 * mean(paired$category.a == paired$category.b),
       kappa = if (is.finite(kappa)) kappa else NA)
})

writeLines(to_json(list(generator = "tools/r/reading-agreement.R", exams = arr(pairs_doc))),
           file.path(out, "agreement-reads.json"))
writeLines(to_json(list(generator = "tools/r/reading-agreement.R", r = R.version.string,
                        psych = as.character(packageVersion("psych")), items = arr(expected))),
           file.path(out, "agreement-expected.json"))
cat(sprintf("%d exams, %d findings, %d items -> %s\n", n_exams, nrow(reads), length(items), out))
