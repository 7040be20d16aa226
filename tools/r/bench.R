# The R side of bench/stats.bench.ts: runs the same four workloads on the inputs the benchmark wrote and prints,
# as JSON, the best of three elapsed times measured inside R (system.time) plus a few results to cross-check.
# Usage: Rscript tools/r/bench.R INPUT.json

input <- jsonlite::fromJSON(commandArgs(trailingOnly = TRUE)[1], simplifyVector = TRUE)
best_ms <- function(f) min(replicate(3, system.time(f())[["elapsed"]])) * 1000

tables <- input$fisher
fisher <- function() vapply(seq_len(nrow(tables)), function(i) fisher.test(matrix(tables[i, ], 2, byrow = TRUE))$p.value, 0)
mann_whitney <- function() wilcox.test(input$mannWhitney$x, input$mannWhitney$y)$p.value
spearman <- function() suppressWarnings(cor.test(input$spearman$x, input$spearman$y, method = "spearman"))$p.value
logistic <- function() coef(glm(y ~ ., family = binomial, data = data.frame(y = input$logistic$y, input$logistic$x)))

timings <- list(
  fisher = best_ms(fisher),
  mannWhitney = best_ms(mann_whitney),
  spearman = best_ms(spearman),
  logistic = best_ms(logistic)
)
results <- list(fisherFirst = fisher()[1:5], mannWhitney = mann_whitney(), spearman = spearman(),
                logistic = unname(logistic()))
cat(jsonlite::toJSON(list(timings = timings, results = results), auto_unbox = TRUE, digits = NA))
