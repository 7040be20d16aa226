# Writes the statistics fixtures (src/core/stats/fixtures/*.json) from R, the reference Manus must equal.
# Run from the repository root: npm run fixtures:r   (Debian: r-base-core, r-cran-jsonlite, r-cran-psych,
# r-cran-lpsolve). Every random input comes from a fixed seed, so the files only change when R does.

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
for (file in c("json.R", "contingency.R", "ranks.R", "continuous.R", "proportions.R", "agreement.R",
               "firth.R", "logistic.R", "distributions.R")) source(file.path(here, file))

out <- file.path(here, "..", "..", "src", "core", "stats", "fixtures")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

total <- sum(
  write_fixture("fisher-exact", fisher_cases(), out),
  write_fixture("chi-square", chisq_cases(), out),
  write_fixture("mann-whitney", mann_whitney_cases(), out),
  write_fixture("welch-t", t_cases(pooled = FALSE), out),
  write_fixture("student-t", t_cases(pooled = TRUE), out),
  write_fixture("spearman", spearman_cases(), out),
  write_fixture("kendall", kendall_cases(), out),
  write_fixture("pearson", pearson_cases(), out),
  write_fixture("wilson", wilson_cases(), out),
  write_fixture("newcombe", newcombe_cases(), out),
  write_fixture("logistic", logistic_cases(), out),
  write_fixture("cohen-kappa", kappa_cases(), out),
  write_fixture("icc", icc_cases(), out),
  write_fixture("p-adjust", p_adjust_cases(), out),
  write_fixture("describe", describe_cases(), out)
)
cat(sprintf("%d cases in all\n", total))
write_distributions(out)
