# Firth's penalised-likelihood logistic regression, checked by direct maximisation with optim() (Debian has no
# logistf): l*(b) = l(b) + log det(X'WX)/2, maximised by BFGS with its analytic gradient X'(y - p + h(1/2 - p)),
# restarted from its own optimum until it stops moving, then polished by Newton steps on the numerical Hessian
# (optimHess): BFGS stops on the change in l*, which leaves the estimates only ~1e-8 from the maximum. Inference as logistf's defaults: standard errors from
# (X'WX)^-1, p-values from penalised likelihood-ratio tests, profile penalised likelihood intervals (uniroot).

firth_loglik <- function(beta, X, y) {
  eta <- drop(X %*% beta)
  p <- plogis(eta)
  w <- p * (1 - p)
  sum(y * eta - log1p(exp(-abs(eta))) - pmax(eta, 0)) +
    0.5 * as.numeric(determinant(crossprod(X * sqrt(w)), logarithm = TRUE)$modulus)
}

firth_gradient <- function(beta, X, y) {
  p <- plogis(drop(X %*% beta))
  w <- p * (1 - p)
  Xw <- X * sqrt(w)
  h <- rowSums((Xw %*% solve(crossprod(Xw))) * Xw)
  drop(crossprod(X, y - p + h * (0.5 - p)))
}

# Maximises over the coefficients not in `fixed` (an index), the fixed one held at `value`.
firth_maximise <- function(X, y, start, fixed = NULL, value = 0) {
  free <- setdiff(seq_len(ncol(X)), fixed)
  full <- function(b) { beta <- start; beta[free] <- b; if (!is.null(fixed)) beta[fixed] <- value; beta }
  f <- function(b) -firth_loglik(full(b), X, y)
  g <- function(b) -firth_gradient(full(b), X, y)[free]
  b <- start[free]
  if (length(free) == 0) return(list(beta = full(b), loglik = -f(b)))
  best <- Inf
  for (round in 1:20) {
    o <- optim(b, f, g, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
    if (is.finite(best) && o$value >= best - 1e-15 * abs(best)) break
    best <- o$value
    b <- o$par
  }
  for (step in 1:3) b <- b - drop(solve(optimHess(b, f, g), g(b)))
  list(beta = full(b), loglik = -f(b))
}

firth_expected <- function(d, level) {
  X <- cbind("(Intercept)" = 1, d$x)
  y <- d$y
  fit <- firth_maximise(X, y, rep(0, ncol(X)))
  beta <- fit$beta
  p <- plogis(drop(X %*% beta))
  se <- sqrt(diag(solve(crossprod(X * sqrt(p * (1 - p))))))
  critical <- qchisq(level, 1)
  coefficients <- list()
  for (j in seq_len(ncol(X))) {
    profile <- function(b) 2 * (fit$loglik - firth_maximise(X, y, beta, j, b)$loglik) - critical
    lrt <- max(0, profile(0) + critical)
    limit <- function(direction) {
      step <- se[j] * qnorm((1 + level) / 2)
      for (i in 1:60) {
        if (profile(beta[j] + direction * step) > 0) {
          ends <- sort(c(beta[j], beta[j] + direction * step))
          return(uniroot(profile, ends, tol = 1e-12 * max(1, abs(beta[j]) + step))$root)
        }
        step <- 2 * step
      }
      direction * Inf
    }
    coefficients[[colnames(X)[j]]] <- list(estimate = beta[j], se = se[j], pValue = pchisq(lrt, 1, lower.tail = FALSE),
                                           ci = arr(c(limit(-1), limit(1))), oddsRatio = exp(beta[j]))
  }
  list(coefficients = coefficients, separation = separated(X, y))
}
