# welch-t, student-t, pearson, describe and p-adjust: t.test(), cor.test(), summary statistics, p.adjust().

t_samples <- function() {
  set.seed(20260105)
  s <- list(
    "n = 2 each" = list(x = c(1.2, 3.4), y = c(2.2, 5.9)),
    "n = 2 and 3" = list(x = c(10, 12), y = c(7, 8.5, 9)),
    "identical groups" = list(x = c(4.1, 5.2, 6.3), y = c(4.1, 5.2, 6.3)),
    "SSc 30 vs controls 20" = list(x = rnorm(30, 1.8, 0.5), y = rnorm(20, 1.5, 0.3)),
    "unequal variances" = list(x = rnorm(12, 0, 1), y = rnorm(25, 0.5, 4)),
    "large n" = list(x = signif(rnorm(2000, 100, 15), 6), y = signif(rnorm(1500, 101, 15), 6)),
    "huge offset" = list(x = 1e6 + c(0.1, 0.2, 0.4, 0.3), y = 1e6 + c(0.5, 0.45, 0.6)),
    "tiny p-value" = list(x = rnorm(40, 10, 1), y = rnorm(40, 0, 1)),
    "integers with ties" = list(x = c(3, 4, 4, 5, 6), y = c(5, 6, 6, 7, 8, 8)),
    "one group constant" = list(x = c(2, 2, 2), y = c(1, 3, 5))
  )
  for (i in 1:6) s[[sprintf("random #%d", i)]] <- list(x = rnorm(sample(3:40, 1), 5, 2), y = rnorm(sample(3:40, 1), 6, 3))
  s
}

t_expected <- function(t) {
  list(statistic = unname(t$statistic), df = unname(t$parameter), pValue = t$p.value,
       ci = arr(as.numeric(t$conf.int)), meanX = unname(t$estimate[1]), meanY = unname(t$estimate[2]),
       stderr = t$stderr)
}

t_cases <- function(pooled) {
  cases <- list()
  for (name in names(samples <- t_samples())) {
    d <- samples[[name]]
    cases[[length(cases) + 1]] <- fixture_case(name, list(x = arr(d$x), y = arr(d$y)),
      t_expected(t.test(d$x, d$y, var.equal = pooled)))
  }
  d <- t_samples()[["SSc 30 vs controls 20"]]
  cases[[length(cases) + 1]] <- fixture_case("level 0.99", list(x = arr(d$x), y = arr(d$y), level = 0.99),
    t_expected(t.test(d$x, d$y, var.equal = pooled, conf.level = 0.99)))
  cases[[length(cases) + 1]] <- fixture_case("single value and three", list(x = arr(5), y = arr(c(1, 2, 4))),
    t_expected(t.test(5, c(1, 2, 4), var.equal = pooled)))
  cases[[length(cases) + 1]] <- fixture_case("constant data", list(x = arr(c(3, 3, 3)), y = arr(c(3, 3))),
    t.test(c(3, 3, 3), c(3, 3), var.equal = pooled))
  cases[[length(cases) + 1]] <- fixture_case("empty y", list(x = arr(c(1, 2, 3)), y = arr(numeric())),
    t.test(c(1, 2, 3), numeric(), var.equal = pooled))
  cases
}

pearson_cases <- function() {
  cases <- list()
  samples <- paired_samples()
  for (name in setdiff(names(samples), c("n = 2"))) {
    d <- samples[[name]]
    cases[[length(cases) + 1]] <- fixture_case(name, list(x = arr(d$x), y = arr(d$y)), {
      t <- cor.test(d$x, d$y)
      list(r = unname(t$estimate), statistic = unname(t$statistic), df = unname(t$parameter), pValue = t$p.value,
           ci = if (is.null(t$conf.int)) NULL else arr(as.numeric(t$conf.int)))
    })
  }
  d <- samples[["no ties n = 20"]]
  cases[[length(cases) + 1]] <- fixture_case("level 0.9", list(x = arr(d$x), y = arr(d$y), level = 0.9), {
    t <- cor.test(d$x, d$y, conf.level = 0.9)
    list(r = unname(t$estimate), pValue = t$p.value, ci = arr(as.numeric(t$conf.int)))
  })
  cases[[length(cases) + 1]] <- fixture_case("n = 2", list(x = arr(c(1, 2)), y = arr(c(2, 1))), cor.test(c(1, 2), c(2, 1)))
  cases
}

describe_cases <- function() {
  set.seed(20260106)
  samples <- list(
    "single value" = 4.2,
    "two values" = c(1, 4),
    "odd n" = c(5, 1, 4, 2, 3),
    "even n" = c(10, 2, 8, 4, 6, 12),
    "with missing" = c(3.5, NA, 1.25, 7, NA, 2),
    "all but one missing" = c(NA, NA, 9),
    "ties and negatives" = c(-2, -2, 0, 3, 3, 3, 10),
    "large n" = signif(rnorm(5000, 50, 12), 6),
    "huge offset" = 1e9 + c(0.1, 0.7, 0.3, 0.9),
    "skewed" = rexp(37, 0.2)
  )
  lapply(names(samples), function(name) {
    x <- samples[[name]]
    fixture_case(name, list(x = arr(as.list(x))), {
      v <- x[!is.na(x)]
      q <- unname(quantile(v, c(0.25, 0.75), type = 7))
      list(n = length(v), missing = sum(is.na(x)), mean = mean(v), sd = sd(v), median = median(v),
           q1 = q[1], q3 = q[2], min = min(v), max = max(v))
    })
  })
}

p_adjust_cases <- function() {
  set.seed(20260107)
  sets <- list(
    "single" = 0.03,
    "typical" = c(0.01, 0.04, 0.03, 0.005, 0.2),
    "ties" = c(0.02, 0.02, 0.02, 0.5, 0.01, 0.01),
    "zeros and ones" = c(0, 1, 0.5, 0, 1),
    "tiny" = c(1e-300, 1e-20, 3e-8, 0.049),
    "random 40" = runif(40)^3
  )
  cases <- list()
  for (name in names(sets)) for (method in c("holm", "bh", "bonferroni")) {
    p <- sets[[name]]
    cases[[length(cases) + 1]] <- fixture_case(sprintf("%s, %s", name, method), list(p = arr(p), method = method),
      list(adjusted = arr(p.adjust(p, if (method == "bh") "BH" else method))))
  }
  cases
}
