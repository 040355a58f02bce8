#include "report.hpp"

#include <sys/resource.h>

#include <cstdio>

namespace bench {

Report::Report(const std::string& tool) : text_("{") { add("tool", tool); }

void Report::key(const std::string& key) {
  if (text_.size() > 1) text_ += ",";
  text_ += "\"" + key + "\":";
}

Report& Report::add(const std::string& k, const std::string& value) {
  key(k);
  text_ += "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') text_ += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) text_ += c;
  }
  text_ += "\"";
  return *this;
}

Report& Report::add(const std::string& k, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  key(k);
  text_ += buffer;
  return *this;
}

Report& Report::add(const std::string& k, std::uint64_t value) {
  key(k);
  text_ += std::to_string(value);
  return *this;
}

Report& Report::add_latency(const Histogram& latency) {
  add("p50_us", static_cast<double>(latency.quantile(0.50)) / 1e3);
  add("p99_us", static_cast<double>(latency.quantile(0.99)) / 1e3);
  return add("max_us", static_cast<double>(latency.max()) / 1e3);
}

Report& Report::add_own_cpu() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return add("cpu_s", secs(u.ru_utime) + secs(u.ru_stime));
}

}  // namespace bench
