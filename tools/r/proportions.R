# wilson and newcombe: prop.test(correct = FALSE)$conf.int, and Newcombe's method 10 built from those intervals.

wilson_ci <- function(x, n, level) as.numeric(prop.test(x, n, conf.level = level, correct = FALSE)$conf.int)

wilson_cases <- function() {
  set.seed(20260108)
  sets <- list(c(0, 10), c(10, 10), c(1, 1), c(0, 1), c(1, 2), c(3, 30), c(15, 30), c(29, 30), c(81, 263),
               c(1, 1000), c(999, 1000), c(12, 50))
  for (i in 1:5) { n <- sample(5:200, 1); sets[[length(sets) + 1]] <- c(sample(0:n, 1), n) }
  cases <- list()
  for (s in sets) for (level in c(0.95, if (s[2] == 30) c(0.9, 0.99))) {
    cases[[length(cases) + 1]] <- fixture_case(sprintf("%g/%g, level %g", s[1], s[2], level),
      list(successes = s[1], n = s[2], level = level),
      suppressWarnings(list(estimate = s[1] / s[2], ci = arr(wilson_ci(s[1], s[2], level)))))
  }
  cases[[length(cases) + 1]] <- fixture_case("more successes than trials", list(successes = 5, n = 3, level = 0.95),
    prop.test(5, 3, correct = FALSE))
  cases
}

# Newcombe, Statist. Med. 17 (1998) 873-890, method 10: square-and-add of the two Wilson intervals.
newcombe_ci <- function(x1, n1, x2, n2, level) {
  p1 <- x1 / n1
  p2 <- x2 / n2
  w1 <- wilson_ci(x1, n1, level)
  w2 <- wilson_ci(x2, n2, level)
  d <- p1 - p2
  c(d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2))
}

newcombe_cases <- function() {
  set.seed(20260109)
  # The first eight are the examples of Newcombe's Table II.
  sets <- list(c(56, 70, 48, 80), c(9, 10, 3, 10), c(6, 7, 2, 7), c(5, 56, 0, 29), c(0, 10, 0, 20),
               c(0, 10, 0, 10), c(10, 10, 0, 20), c(10, 10, 0, 10), c(12, 30, 4, 20), c(30, 30, 20, 20),
               c(1, 2, 1, 3))
  for (i in 1:5) {
    n1 <- sample(5:100, 1)
    n2 <- sample(5:100, 1)
    sets[[length(sets) + 1]] <- c(sample(0:n1, 1), n1, sample(0:n2, 1), n2)
  }
  cases <- list()
  for (s in sets) for (level in c(0.95, if (s[2] == 70) c(0.9, 0.99))) {
    cases[[length(cases) + 1]] <- fixture_case(sprintf("%g/%g vs %g/%g, level %g", s[1], s[2], s[3], s[4], level),
      list(x1 = s[1], n1 = s[2], x2 = s[3], n2 = s[4], level = level),
      suppressWarnings(list(difference = s[1] / s[2] - s[3] / s[4], ci = arr(newcombe_ci(s[1], s[2], s[3], s[4], level)))))
  }
  cases
}
