# distributions: R's own values of the distribution functions Manus takes from @stdlib or implements itself, on
# the ranges the tests use, so that their accuracy against R is checked rather than assumed.

distribution_grid <- function() {
  xs <- c(-37, -20, -10, -5, -3, -1.96, -1, -0.5, -1e-3, 0, 0.25, 1, 1.96, 2.5, 4, 8.3, 15)
  ps <- c(1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.95, 0.975, 0.995,
          1 - 1e-9)
  dfs <- c(1, 2, 3.5, 7, 12.34, 29, 48, 100, 1000)
  grid <- list(
    pnorm = lapply(xs, function(x) list(x = x, lower = pnorm(x), upper = pnorm(x, lower.tail = FALSE))),
    qnorm = lapply(ps, function(p) list(p = p, q = qnorm(p))),
    pt = list(), qt = list(), pchisq = list(), pf = list(), qf = list(), phyper = list()
  )
  for (df in dfs) {
    for (t in c(-40, -6, -2, -0.3, 0, 0.7, 2.2, 9)) grid$pt[[length(grid$pt) + 1]] <- list(t = t, df = df, lower = pt(t, df), upper = pt(t, df, lower.tail = FALSE))
    for (p in c(0.6, 0.9, 0.95, 0.975, 0.995, 0.9995)) grid$qt[[length(grid$qt) + 1]] <- list(p = p, df = df, q = qt(p, df))
  }
  for (df in c(1, 2, 3, 4, 6, 9, 16, 30, 99)) for (x in c(0.01, 0.5, 2, 3.84, 10, 40, 150))
    grid$pchisq[[length(grid$pchisq) + 1]] <- list(x = x, df = df, upper = pchisq(x, df, lower.tail = FALSE))
  for (d1 in c(1, 2, 4.7, 9, 29, 49)) for (d2 in c(1, 3, 8.5, 29, 49, 120)) {
    for (x in c(0.05, 0.9, 3, 30)) grid$pf[[length(grid$pf) + 1]] <- list(x = x, df1 = d1, df2 = d2, upper = pf(x, d1, d2, lower.tail = FALSE))
    for (p in c(0.9, 0.95, 0.975, 0.995)) grid$qf[[length(grid$qf) + 1]] <- list(p = p, df1 = d1, df2 = d2, q = qf(p, d1, d2))
  }
  for (urn in list(c(5, 7, 6), c(30, 20, 25), c(300, 500, 240), c(4000, 3700, 3500)))
    for (x in unique(round(quantile(max(0, urn[3] - urn[2]):min(urn[1], urn[3]), c(0, 0.1, 0.5, 0.9, 1)))))
      grid$phyper[[length(grid$phyper) + 1]] <- list(x = x, m = urn[1], n = urn[2], k = urn[3],
        logDensity = dhyper(x, urn[1], urn[2], urn[3], log = TRUE),
        lower = phyper(x, urn[1], urn[2], urn[3]), upper = phyper(x, urn[1], urn[2], urn[3], lower.tail = FALSE))
  grid
}

write_distributions <- function(dir) {
  grid <- distribution_grid()
  path <- file.path(dir, "distributions.json")
  writeLines(to_json(c(list(generator = "tools/r/fixtures.R", r = R.version.string), grid)), path)
  n <- sum(lengths(grid))
  cat(sprintf("%-14s %4d points -> %s\n", "distributions", n, path))
}
