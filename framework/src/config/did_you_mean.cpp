#include "config/did_you_mean.hpp"

#include <algorithm>
#include <cctype>

namespace sockserv::config {
namespace {

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) out += char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Levenshtein distance that also counts swapping two neighbours as one edit ("levle" is
/// one typo away from "level"): the optimal string alignment distance.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closest(std::string_view given, const std::vector<std::string>& choices) {
  // Case is ignored so "LISTEN" and "Info" point at "listen" and "info".
  std::string needle = lower(given);
  std::size_t limit = std::max<std::size_t>(1, given.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& choice : choices) {
    std::size_t d = edit_distance(needle, lower(choice));
    if (d < best_distance) {
      best = choice;
      best_distance = d;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view given, const std::vector<std::string>& choices) {
  std::string best = closest(given, choices);
  return best.empty() ? "" : "; did you mean '" + best + "'?";
}

std::string join_choices(const std::vector<std::string>& choices) {
  std::string out;
  for (const std::string& choice : choices) {
    if (!out.empty()) out += ", ";
    out += choice;
  }
  return out;
}

}  // namespace sockserv::config
