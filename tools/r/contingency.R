# fisher-exact and chi-square: R's fisher.test() and chisq.test() on the same tables.

contingency_tables <- function() {
  set.seed(20260101)
  tables <- list(
    "tea tasting" = matrix(c(3, 1, 1, 3), 2, byrow = TRUE),
    "SSc 30 vs controls 20" = matrix(c(12, 18, 3, 17), 2, byrow = TRUE),
    "strong association" = matrix(c(10, 2, 3, 15), 2, byrow = TRUE),
    "inverse association" = matrix(c(1, 9, 11, 3), 2, byrow = TRUE),
    "complete separation" = matrix(c(5, 0, 0, 5), 2, byrow = TRUE),
    "complete separation reversed" = matrix(c(0, 5, 5, 0), 2, byrow = TRUE),
    "one zero cell" = matrix(c(0, 7, 4, 9), 2, byrow = TRUE),
    "zero in last cell" = matrix(c(6, 3, 8, 0), 2, byrow = TRUE),
    "empty first row" = matrix(c(0, 0, 3, 4), 2, byrow = TRUE),
    "empty second column" = matrix(c(3, 0, 4, 0), 2, byrow = TRUE),
    "single observation" = matrix(c(1, 0, 0, 0), 2, byrow = TRUE),
    "n = 2" = matrix(c(1, 0, 0, 1), 2, byrow = TRUE),
    "n = 3" = matrix(c(1, 1, 0, 1), 2, byrow = TRUE),
    "n = 3 other" = matrix(c(2, 0, 0, 1), 2, byrow = TRUE),
    "identical groups" = matrix(c(5, 5, 5, 5), 2, byrow = TRUE),
    "identical proportions unequal sizes" = matrix(c(6, 9, 4, 6), 2, byrow = TRUE),
    "odds ratio exactly 1 by symmetry" = matrix(c(7, 3, 7, 3), 2, byrow = TRUE),
    "large balanced" = matrix(c(150, 80, 60, 200), 2, byrow = TRUE),
    "large near null" = matrix(c(500, 490, 480, 510), 2, byrow = TRUE),
    "very large" = matrix(c(2000, 1500, 1800, 1900), 2, byrow = TRUE),
    "tiny p-value" = matrix(c(40, 2, 1, 45), 2, byrow = TRUE),
    "rare outcome" = matrix(c(1, 299, 9, 291), 2, byrow = TRUE)
  )
  for (i in 1:14) {
    size <- sample(c(8, 20, 50, 120), 1)
    tables[[sprintf("random 2x2 #%d (n about %d)", i, size)]] <- matrix(rpois(4, size / 4), 2)
  }
  tables
}

rxc_tables <- function() {
  set.seed(20260102)
  tables <- list(
    "2x3 mirrored" = matrix(c(1, 2, 3, 3, 2, 1), 2, byrow = TRUE),
    "3x3 sparse" = matrix(c(2, 0, 5, 1, 4, 0, 3, 3, 2), 3, byrow = TRUE),
    "3x3 empty first row" = matrix(c(0, 0, 0, 2, 3, 4, 5, 1, 0), 3, byrow = TRUE),
    "3x2 empty column" = matrix(c(3, 0, 4, 0, 1, 0), 3, byrow = TRUE),
    "2x4 strong" = matrix(c(8, 1, 0, 0, 0, 2, 5, 9), 2, byrow = TRUE),
    "4x2 strong" = matrix(c(8, 0, 1, 2, 0, 5, 0, 9), 4, byrow = TRUE),
    "3x4 identical rows" = matrix(rep(c(2, 3, 1, 4), 3), 3, byrow = TRUE),
    "2x5 n = 5" = matrix(c(1, 0, 1, 0, 1, 0, 1, 0, 1, 0), 2, byrow = TRUE),
    "3x3 diagonal" = diag(c(4, 3, 5)),
    "Agresti job satisfaction 2x4 rows 1-2" = matrix(c(1, 3, 10, 6, 2, 3, 10, 7), 2, byrow = TRUE),
    "Agresti job satisfaction 4x4 (n = 104)" = matrix(c(1, 2, 1, 0, 3, 3, 6, 1, 10, 10, 14, 9, 6, 7, 12, 11), 4, byrow = TRUE)
  )
  for (i in 1:8) {
    r <- sample(2:3, 1)
    c <- sample(3:4, 1)
    tables[[sprintf("random %dx%d #%d", r, c, i)]] <- matrix(rpois(r * c, 4), r)
  }
  tables
}

table_input <- function(m) arr(lapply(seq_len(nrow(m)), function(i) arr(as.numeric(m[i, ]))))

fisher_cases <- function() {
  cases <- list()
  for (name in names(tables <- contingency_tables())) {
    m <- tables[[name]]
    cases[[length(cases) + 1]] <- fixture_case(name, list(table = table_input(m)), {
      f <- fisher.test(m)
      list(pValue = f$p.value, oddsRatio = unname(f$estimate), ci = arr(as.numeric(f$conf.int)))
    })
  }
  for (level in c(0.9, 0.99)) {
    m <- matrix(c(12, 18, 3, 17), 2, byrow = TRUE)
    cases[[length(cases) + 1]] <- fixture_case(sprintf("level %g", level), list(table = table_input(m), level = level), {
      f <- fisher.test(m, conf.level = level)
      list(pValue = f$p.value, oddsRatio = unname(f$estimate), ci = arr(as.numeric(f$conf.int)))
    })
  }
  for (name in names(tables <- rxc_tables())) {
    m <- tables[[name]]
    cases[[length(cases) + 1]] <- fixture_case(name, list(table = table_input(m)), list(pValue = fisher.test(m)$p.value))
  }
  cases[[length(cases) + 1]] <- fixture_case("negative count", list(table = arr(list(arr(c(1, -2)), arr(c(3, 4))))),
    fisher.test(matrix(c(1, -2, 3, 4), 2, byrow = TRUE)))
  cases[[length(cases) + 1]] <- fixture_case("single row", list(table = arr(list(arr(c(1, 2, 3))))),
    fisher.test(matrix(c(1, 2, 3), 1)))
  cases
}

chisq_cases <- function() {
  cases <- list()
  tables <- c(contingency_tables()[c(1:4, 7, 9, 15, 18:22, 23:28)], rxc_tables()[c(1:3, 5, 7, 9, 11:14)])
  for (name in names(tables)) {
    m <- tables[[name]]
    for (correct in c(TRUE, FALSE)) {
      if (!correct && !all(dim(m) == 2)) next
      cases[[length(cases) + 1]] <- fixture_case(sprintf("%s, correct = %s", name, correct),
        list(table = table_input(m), correct = correct), {
          t <- chisq.test(m, correct = correct)
          list(statistic = unname(t$statistic), df = unname(t$parameter), pValue = t$p.value,
               expected = unname(t$expected))
        })
    }
  }
  cases[[length(cases) + 1]] <- fixture_case("all zero", list(table = table_input(matrix(0, 2, 2))),
    chisq.test(matrix(0, 2, 2)))
  cases
}
