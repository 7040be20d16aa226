# cohen-kappa and icc. Kappa's standard error is Fleiss, Cohen & Everitt (1969), written out here from the paper;
# for unweighted kappa it is checked against psych::cohen.kappa, whose weighted variance uses the row marginals
# where the paper has the column ones (and can come out negative), so weighted kappa's oracle is the paper.
# The ICC comes from psych::ICC with lmer = FALSE (ANOVA mean squares: Shrout & Fleiss, McGraw & Wong limits).

kappa_fce <- function(r1, r2, categories, weights, level) {
  k <- length(categories)
  x <- table(factor(r1, levels = categories), factor(r2, levels = categories))
  n <- sum(x)
  p <- x / n
  d <- abs(outer(seq_len(k), seq_len(k), "-")) / max(k - 1, 1)
  w <- switch(weights, none = diag(k), linear = 1 - d, quadratic = 1 - d^2)
  rows <- rowSums(p)
  cols <- colSums(p)
  po <- sum(w * p)
  pe <- sum(w * outer(rows, cols))
  kappa <- (po - pe) / (1 - pe)
  w_row <- as.vector(w %*% cols)
  w_col <- as.vector(t(w) %*% rows)
  v <- (sum(p * (w * (1 - pe) - outer(w_row, w_col, "+") * (1 - po))^2) - (po * pe - 2 * pe + po)^2) / (n * (1 - pe)^4)
  se <- sqrt(max(v, 0))
  z <- qnorm((1 + level) / 2)
  # psych reads a 2 x 2 matrix of ratings as an agreement table, so the check needs more than two subjects.
  if (weights == "none" && k > 1 && is.finite(kappa) && length(r1) > 2) {
    psych_result <- suppressWarnings(suppressMessages(psych::cohen.kappa(cbind(r1, r2), levels = categories)))
    stopifnot(isTRUE(all.equal(psych_result$kappa, kappa, tolerance = 1e-12)),
              isTRUE(all.equal(sqrt(psych_result$var.kappa), se, tolerance = 1e-12)))
  }
  list(kappa = kappa, se = se, ci = arr(pmin(1, pmax(-1, kappa + c(-1, 1) * z * se))),
       observedAgreement = po, expectedAgreement = pe, n = n)
}

kappa_cases <- function() {
  set.seed(20260110)
  noisy <- function(n, k, noise) {
    r1 <- sample(1:k, n, TRUE, prob = seq_len(k))
    r2 <- pmin(k, pmax(1, r1 + sample(-noise:noise, n, TRUE)))
    list(r1 = r1, r2 = r2, categories = 1:k)
  }
  sets <- list(
    "binary" = list(r1 = c(1, 1, 0, 0, 1, 0, 1, 1, 0, 1), r2 = c(1, 0, 0, 0, 1, 0, 1, 1, 1, 1), categories = c(0, 1)),
    "perfect agreement" = list(r1 = c(1, 2, 3, 1, 2, 3), r2 = c(1, 2, 3, 1, 2, 3), categories = 1:3),
    "complete disagreement" = list(r1 = c(1, 2, 1, 2), r2 = c(2, 1, 2, 1), categories = 1:2),
    "a category never used" = list(r1 = c(1, 1, 2, 2, 1), r2 = c(1, 2, 2, 2, 1), categories = 1:3),
    "n = 2" = list(r1 = c(1, 2), r2 = c(1, 1), categories = 1:2),
    "Cohen 1960 style 3 categories" = list(
      r1 = rep(1:3, times = c(50, 30, 20)), r2 = c(rep(1:3, c(40, 6, 4)), rep(1:3, c(5, 20, 5)), rep(1:3, c(2, 3, 15))),
      categories = 1:3),
    "strings" = list(r1 = c("mild", "none", "severe", "mild", "none", "mild", "severe", "none"),
                     r2 = c("mild", "mild", "severe", "moderate", "none", "mild", "moderate", "none"),
                     categories = c("none", "mild", "moderate", "severe"))
  )
  for (i in 1:5) {
    k <- sample(2:5, 1)
    sets[[sprintf("random k = %d #%d", k, i)]] <- noisy(sample(c(20, 50, 200), 1), k, 1)
  }
  cases <- list()
  for (name in names(sets)) for (weights in c("none", "linear", "quadratic")) {
    s <- sets[[name]]
    input <- list(rater1 = arr(s$r1), rater2 = arr(s$r2), weights = weights, categories = arr(s$categories))
    cases[[length(cases) + 1]] <- fixture_case(sprintf("%s, %s", name, weights), input,
      kappa_fce(s$r1, s$r2, s$categories, weights, 0.95))
  }
  s <- sets[["binary"]]
  cases[[length(cases) + 1]] <- fixture_case("level 0.9",
    list(rater1 = arr(s$r1), rater2 = arr(s$r2), level = 0.9), kappa_fce(s$r1, s$r2, s$categories, "none", 0.9))
  cases
}

icc_cases <- function() {
  set.seed(20260111)
  sf <- matrix(c(9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7), 6, byrow = TRUE)
  sets <- list(
    "Shrout & Fleiss 1979 table 2" = sf,
    "2 subjects, 2 raters" = matrix(c(1, 2, 4, 3), 2, byrow = TRUE),
    "perfect consistency with rater offset" = cbind(1:6, 1:6 + 1),
    "raters nearly agree" = cbind(c(10, 20, 30, 40, 50), c(11, 19, 31, 40, 52), c(10, 21, 29, 41, 50)),
    "poor agreement (negative ICC)" = matrix(c(1, 5, 5, 1, 2, 4, 4, 2), 4, byrow = TRUE)
  )
  for (i in 1:6) {
    n <- sample(c(5, 10, 30, 50), 1)
    k <- sample(2:4, 1)
    truth <- rnorm(n, 50, 10)
    sets[[sprintf("random %d subjects x %d raters #%d", n, k, i)]] <-
      sapply(seq_len(k), function(j) truth + rnorm(1, 0, 2) + rnorm(n, 0, 4))
  }
  # In these two the residual (resp. subject) mean square is exactly 0, which R's QR-based aov returns as
  # rounding noise (~1e-31), so R's F and p-value there are noise and are left out; the ICCs and limits are not.
  noise <- c("perfect consistency with rater offset", "poor agreement (negative ICC)")
  lapply(names(sets), function(name) {
    m <- sets[[name]]
    fixture_case(name, list(ratings = table_input(m)), {
      r <- suppressMessages(psych::ICC(m, lmer = FALSE))$results
      expected <- list(icc21 = r["Single_random_raters", "ICC"], icc2k = r["Average_random_raters", "ICC"],
           ci = list(icc21 = arr(as.numeric(r["Single_random_raters", c("lower bound", "upper bound")])),
                     icc2k = arr(as.numeric(r["Average_random_raters", c("lower bound", "upper bound")]))),
           F = r["Single_random_raters", "F"], df1 = r["Single_random_raters", "df1"],
           df2 = r["Single_random_raters", "df2"], pValue = r["Single_random_raters", "p"])
      if (name %in% noise) expected[c("F", "pValue")] <- NULL
      expected
    })
  })
}
