# mann-whitney, spearman, kendall: R's wilcox.test() and cor.test() on both sides of their exact/approximate
# thresholds, with and without ties.

no_ties <- function(n) sample(seq(-5, 5, length.out = 4 * n), n)

two_samples <- function() {
  set.seed(20260103)
  s <- list(
    "n = 1 each" = list(x = 3, y = 5),
    "n = 2 and 3" = list(x = c(1.5, 2.7), y = c(0.3, 4.1, 5.2)),
    "n = 3 each, separated" = list(x = c(1, 2, 3), y = c(4, 5, 6)),
    "identical groups (ties)" = list(x = c(1, 2, 3, 4, 5), y = c(1, 2, 3, 4, 5)),
    "all values equal" = list(x = c(2, 2, 2), y = c(2, 2, 2, 2)),
    "ties across groups" = list(x = c(1, 2, 2, 3, 5, 8), y = c(2, 3, 3, 4, 6, 9, 9)),
    "SSc 30 vs controls 20, no ties" = list(x = no_ties(30) + 1, y = no_ties(20)),
    "SSc 30 vs controls 20, rounded (ties)" = list(x = round(rnorm(30, 12, 3)), y = round(rnorm(20, 10, 3))),
    "49 and 49 no ties (exact)" = list(x = no_ties(49), y = no_ties(49) + 0.3),
    "49 and 50 no ties (normal)" = list(x = no_ties(49), y = no_ties(50) + 0.2),
    "50 and 10 no ties (normal)" = list(x = no_ties(50) + 1, y = no_ties(10)),
    "10 and 49 far apart (tiny exact p)" = list(x = no_ties(10) + 20, y = no_ties(49)),
    "200 and 150 with ties" = list(x = round(rnorm(200, 1, 2), 1), y = round(rnorm(150, 0, 2), 1)),
    "negative values" = list(x = -c(3.2, 1.1, 8.4, 2.2), y = -c(0.5, 9.9, 4.4)),
    "one group of 1" = list(x = 7, y = c(1, 2, 3, 4, 5, 6, 8))
  )
  for (i in 1:8) {
    nx <- sample(c(3, 8, 15, 30, 45), 1)
    ny <- sample(c(2, 6, 20, 40), 1)
    s[[sprintf("random no ties #%d (%d, %d)", i, nx, ny)]] <- list(x = no_ties(nx) + runif(1), y = no_ties(ny))
  }
  s
}

mann_whitney_cases <- function() {
  cases <- list()
  for (name in names(samples <- two_samples())) {
    d <- samples[[name]]
    cases[[length(cases) + 1]] <- fixture_case(name, list(x = arr(d$x), y = arr(d$y)), {
      w <- wilcox.test(d$x, d$y)
      list(statistic = unname(w$statistic), pValue = w$p.value)
    })
  }
  cases[[length(cases) + 1]] <- fixture_case("empty y", list(x = arr(c(1, 2)), y = arr(numeric())),
    wilcox.test(c(1, 2), numeric()))
  cases
}

paired_samples <- function() {
  set.seed(20260104)
  correlated <- function(n, rho) {
    x <- signif(rnorm(n), 6)
    list(x = x, y = signif(rho * x + sqrt(1 - rho^2) * rnorm(n), 6))
  }
  s <- list(
    "n = 2" = list(x = c(1, 2), y = c(3, 1)),
    "n = 3" = list(x = c(1, 2, 3), y = c(1, 3, 2)),
    "n = 3 perfect" = list(x = c(1, 2, 3), y = c(10, 20, 30)),
    "n = 5 perfect negative" = list(x = 1:5, y = c(9, 7, 5, 3, 1)),
    "constant y" = list(x = c(1, 2, 3, 4), y = c(2, 2, 2, 2)),
    "identical variables" = list(x = c(3.1, 1.2, 5.5, 4.4, 2.8), y = c(3.1, 1.2, 5.5, 4.4, 2.8)),
    "ties n = 8" = list(x = c(1, 2, 2, 3, 4, 4, 4, 5), y = c(2, 1, 3, 3, 5, 4, 6, 6)),
    "ties in x only" = list(x = c(1, 1, 2, 3, 5, 8, 8, 9, 10, 12), y = no_ties(10)),
    "ordinal scores with many ties" = list(x = sample(0:3, 40, TRUE), y = sample(0:4, 40, TRUE))
  )
  for (n in c(6, 9, 10, 12, 20, 35, 49, 50, 60, 120)) {
    d <- correlated(n, 0.4)
    s[[sprintf("no ties n = %d", n)]] <- d
  }
  s[["no ties n = 1290"]] <- correlated(1290, 0.05)
  s[["no ties n = 1291"]] <- correlated(1291, 0.05)
  s[["rounded n = 300 (ties)"]] <- lapply(correlated(300, 0.3), round, 1)
  s[["strong n = 30"]] <- correlated(30, 0.95)
  s
}

correlation_cases <- function(method, expected) {
  cases <- list()
  for (name in names(samples <- paired_samples())) {
    d <- samples[[name]]
    cases[[length(cases) + 1]] <- fixture_case(name, list(x = arr(d$x), y = arr(d$y)), expected(cor.test(d$x, d$y, method = method)))
  }
  cases[[length(cases) + 1]] <- fixture_case("different lengths", list(x = arr(c(1, 2, 3)), y = arr(c(1, 2))),
    cor.test(c(1, 2, 3), c(1, 2), method = method))
  cases[[length(cases) + 1]] <- fixture_case("single pair", list(x = arr(1), y = arr(2)),
    cor.test(1, 2, method = method))
  cases
}

spearman_cases <- function() {
  correlation_cases("spearman", function(t) list(rho = unname(t$estimate), statistic = unname(t$statistic), pValue = t$p.value))
}

kendall_cases <- function() {
  correlation_cases("kendall", function(t) list(tau = unname(t$estimate), statistic = unname(t$statistic), pValue = t$p.value))
}
