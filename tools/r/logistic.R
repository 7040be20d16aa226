# logistic: glm(family = binomial) with Wald intervals, and separation by Konis's linear programme (lpSolve).

# Konis (2007), safeBinaryRegression: separation iff max sum(Z d) subject to Z d >= 0, -1 <= d <= 1 is positive,
# with z_i = (2 y_i - 1) x_i. An independent formulation of what Manus decides through the dual (Stiemke).
separated <- function(X, y) {
  Z <- X * ifelse(y == 1, 1, -1)
  Z <- sweep(Z, 2, apply(abs(Z), 2, max), "/")
  p <- ncol(Z)
  n <- nrow(Z)
  obj <- colSums(Z)
  lp <- lpSolve::lp("max", c(obj, -obj), rbind(cbind(Z, -Z), diag(2 * p)),
                    c(rep(">=", n), rep("<=", 2 * p)), c(rep(0, n), rep(1, 2 * p)))
  lp$objval > 1e-7
}

logistic_data <- function() {
  set.seed(20260112)
  make <- function(n, betas, k = length(betas) - 1) {
    X <- matrix(signif(rnorm(n * k), 6), n, k)
    colnames(X) <- paste0("x", seq_len(k))
    eta <- betas[1] + X %*% betas[-1]
    list(y = rbinom(n, 1, plogis(eta)), x = X)
  }
  age <- round(rnorm(50, 55, 12))
  ssc <- rep(c(1, 0), c(30, 20))
  sets <- list(
    "SSc status by age (n = 50)" = list(y = ssc, x = cbind(age = age)),
    "one predictor n = 30" = make(30, c(-0.5, 1)),
    "two predictors n = 80" = make(80, c(0.3, 0.8, -1.2)),
    "three predictors n = 200" = make(200, c(-1, 0.5, 0.5, -0.7)),
    "rare outcome n = 400" = make(400, c(-3, 0.7)),
    "large n = 2000" = make(2000, c(0.2, -0.3, 0.9)),
    "intercept only" = list(y = c(1, 0, 0, 1, 1, 1, 0, 1), x = matrix(numeric(), 8, 0)),
    "binary predictor" = list(y = c(1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0), x = cbind(treated = c(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0))),
    "complete separation" = list(y = c(0, 0, 0, 1, 1, 1), x = cbind(dose = 1:6)),
    "quasi-complete separation" = list(y = c(0, 0, 0, 0, 1, 0, 1, 1), x = cbind(dose = c(1, 2, 3, 4, 4, 4, 5, 6))),
    "separation by a binary marker" = list(y = c(1, 1, 1, 1, 0, 0, 1, 0, 0, 0), x = cbind(marker = c(1, 1, 1, 1, 0, 0, 0, 0, 0, 0), age = c(50, 61, 45, 70, 52, 66, 58, 49, 63, 55))),
    "n = 3" = list(y = c(0, 1, 1), x = cbind(x = c(1, 2, 0)))
  )
  sets
}

logistic_input <- function(d, firth, level = 0.95) {
  x <- list()
  for (j in seq_len(ncol(d$x))) x[[colnames(d$x)[j]]] <- arr(as.numeric(d$x[, j]))
  if (length(x) == 0) x <- structure(list(), names = character())
  list(y = arr(d$y), x = x, firth = firth, level = level)
}

glm_expected <- function(d, level) {
  df <- data.frame(y = d$y, d$x)
  fit <- if (ncol(d$x) == 0) glm(y ~ 1, family = binomial, data = df) else glm(y ~ ., family = binomial, data = df)
  s <- coef(summary(fit))
  z <- qnorm((1 + level) / 2)
  coefficients <- list()
  for (name in rownames(s)) {
    est <- s[name, "Estimate"]
    se <- s[name, "Std. Error"]
    coefficients[[name]] <- list(estimate = est, se = se, z = s[name, "z value"], pValue = s[name, "Pr(>|z|)"],
                                 ci = arr(est + c(-1, 1) * z * se), oddsRatio = exp(est))
  }
  list(coefficients = coefficients, converged = fit$converged, iterations = fit$iter,
       separation = separated(model.matrix(fit), d$y))
}

logistic_cases <- function() {
  cases <- list()
  for (name in names(sets <- logistic_data())) {
    d <- sets[[name]]
    cases[[length(cases) + 1]] <- fixture_case(name, logistic_input(d, FALSE), glm_expected(d, 0.95))
    cases[[length(cases) + 1]] <- fixture_case(paste(name, "(Firth)"), logistic_input(d, TRUE), firth_expected(d, 0.95))
  }
  d <- sets[["two predictors n = 80"]]
  cases[[length(cases) + 1]] <- fixture_case("level 0.9", logistic_input(d, FALSE, 0.9), glm_expected(d, 0.9))
  cases[[length(cases) + 1]] <- fixture_case("level 0.9 (Firth)", logistic_input(d, TRUE, 0.9), firth_expected(d, 0.9))
  cases
}
