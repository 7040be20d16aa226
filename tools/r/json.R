# Minimal JSON writer for the fixtures: full double precision (17 significant digits, which jsonlite caps at 15),
# the JSON contract of `manus stats` for non-finite numbers ("Infinity", "-Infinity"; NA and NaN as null), and
# explicit arrays: arr() marks a vector that must stay an array even when it has one element.

arr <- function(x) structure(list(values = x), class = "json_array")

json_number <- function(x) {
  if (is.na(x)) return("null")
  if (is.infinite(x)) return(if (x > 0) '"Infinity"' else '"-Infinity"')
  if (x == round(x) && abs(x) < 1e15) return(sprintf("%.0f", x))
  for (digits in 15:16) {
    text <- sprintf("%.*g", digits, x)
    if (as.numeric(text) == x) return(text)
  }
  sprintf("%.17g", x)
}

json_scalar <- function(x) {
  if (is.null(x)) return("null")
  if (is.logical(x)) return(if (is.na(x)) "null" else if (x) "true" else "false")
  if (is.character(x)) return(as.character(jsonlite::toJSON(jsonlite::unbox(x))))
  json_number(as.numeric(x))
}

to_json <- function(v) {
  if (is.null(v)) return("null")
  if (inherits(v, "json_array")) {
    values <- v$values
    items <- if (is.list(values)) vapply(values, to_json, "") else vapply(as.list(values), json_scalar, "")
    return(paste0("[", paste(items, collapse = ","), "]"))
  }
  if (is.matrix(v)) return(to_json(arr(lapply(seq_len(nrow(v)), function(i) arr(v[i, ])))))
  if (is.list(v)) {
    if (length(v) > 0 && !is.null(names(v)) && all(names(v) != "")) {
      items <- mapply(function(k, x) paste0(json_scalar(k), ":", to_json(x)), names(v), v)
      return(paste0("{", paste(items, collapse = ","), "}"))
    }
    if (length(v) == 0 && !is.null(names(v))) return("{}")
    return(paste0("[", paste(vapply(v, to_json, ""), collapse = ","), "]"))
  }
  if (length(v) == 1) return(json_scalar(v))
  to_json(arr(v))
}

# Runs expr; returns list(value, warnings, error) instead of stopping at the first error.
capture <- function(expr) {
  warnings <- character()
  value <- withCallingHandlers(
    tryCatch(expr, error = function(e) structure(list(message = conditionMessage(e)), class = "captured_error")),
    warning = function(w) {
      warnings <<- c(warnings, conditionMessage(w))
      invokeRestart("muffleWarning")
    }
  )
  if (inherits(value, "captured_error")) return(list(value = NULL, warnings = warnings, error = value$message))
  list(value = value, warnings = warnings, error = NULL)
}

# A fixture case: the input as `manus stats` takes it, R's result (or R's error message) and R's warnings.
fixture_case <- function(name, input, expr) {
  result <- capture(expr)
  if (!is.null(result$error)) return(list(name = name, input = input, error = result$error))
  list(name = name, input = input, expected = result$value, rWarnings = arr(result$warnings))
}

write_fixture <- function(test, cases, dir) {
  doc <- list(
    test = test,
    generator = "tools/r/fixtures.R",
    r = R.version.string,
    cases = cases
  )
  path <- file.path(dir, paste0(test, ".json"))
  writeLines(to_json(doc), path)
  n_cases <- length(cases)
  cat(sprintf("%-14s %4d cases -> %s\n", test, n_cases, path))
  invisible(n_cases)
}
