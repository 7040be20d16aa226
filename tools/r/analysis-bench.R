# The R side of bench/analysis.bench.ts: reads the primary-table input the benchmark exported as CSV, computes the
# primary table with tools/r/primary-table.R, and prints as JSON the best of three elapsed times measured inside R
# (proc.time(), so neither Rscript's start-up nor reading the CSV counts) and the rows, for the agreement check.
# Usage: Rscript tools/r/analysis-bench.R DIR   (DIR holds participants.csv, lesions.csv, sites.csv)

args <- commandArgs(trailingOnly = TRUE)
source("tools/r/json.R")
source("tools/r/primary-table.R")

dir <- args[1]
participants <- read.csv(file.path(dir, "participants.csv"), stringsAsFactors = FALSE)
participants$right <- as.logical(participants$right)
participants$left <- as.logical(participants$left)
lesions <- read.csv(file.path(dir, "lesions.csv"), stringsAsFactors = FALSE)
sites <- read.csv(file.path(dir, "sites.csv"), stringsAsFactors = FALSE)

elapsed_ms <- function(f) {
  start <- proc.time()[["elapsed"]]
  value <- f()
  list(ms = (proc.time()[["elapsed"]] - start) * 1000, value = value)
}
runs <- lapply(1:3, function(i) elapsed_ms(function() primary_table(participants, lesions, sites)))
rows <- runs[[1]]$value
row_json <- function(r) list(abnormality = r$abnormality, site = r$site, level = r$level,
  ssc = arr(r$ssc), control = arr(r$control), difference = r$difference, differenceCi = arr(r$difference_ci),
  p = r$p, pAdjusted = r$p_adjusted, oddsRatio = if (is.null(r$odds_ratio)) NULL else arr(r$odds_ratio))
writeLines(to_json(list(ms = min(vapply(runs, function(r) r$ms, 0)), rows = arr(lapply(rows, row_json)))))
