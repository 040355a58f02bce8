#pragma once
// A Logger that keeps every line, so tests assert on what the server reported — including
// lines logged by the forking policy's child processes.

#include <sockserv/error.hpp>
#include <sockserv/log.hpp>

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace sockserv::test {

/// Records lines at debug level and above; thread-safe, and fork-safe: a child process
/// logs into the same record.
///
/// Each line is one write(2) — its level, its text, a NUL — to an unlinked O_APPEND file
/// that forked children share with the test. O_APPEND makes every write land whole at the
/// end, so lines never interleave, and no lock is taken: a child may be forked while
/// another thread of the test holds one, and would wait on it forever.
class RecordingLogger final : public Logger {
 public:
  RecordingLogger() {
    std::string path = (std::filesystem::temp_directory_path() / "sockserv-log-XXXXXX").string();
    fd_ = ::mkostemp(path.data(), O_APPEND | O_CLOEXEC);
    if (fd_ < 0) throw SystemError("mkostemp " + path, errno);
    ::unlink(path.c_str());  // the descriptor is all we need; nothing is left behind
  }
  ~RecordingLogger() override { ::close(fd_); }
  RecordingLogger(const RecordingLogger&) = delete;
  RecordingLogger& operator=(const RecordingLogger&) = delete;

  void log(LogLevel level, std::string_view message) override {
    std::string record(1, char('0' + int(level)));
    record.append(message);
    record.push_back('\0');
    [[maybe_unused]] auto n = ::write(fd_, record.data(), record.size());
  }
  bool enabled(LogLevel level) const override { return level >= LogLevel::debug; }

  /// How many lines at `level` contain `text`.
  std::size_t count(LogLevel level, const std::string& text) const {
    std::size_t n = 0;
    for (const auto& [l, line] : lines())
      if (l == level && line.find(text) != std::string::npos) ++n;
    return n;
  }
  /// Every line, for failure messages.
  std::string dump() const {
    std::string out;
    for (const auto& [level, line] : lines())
      out += "  [" + std::to_string(int(level)) + "] " + line + "\n";
    return out;
  }

 private:
  std::vector<std::pair<LogLevel, std::string>> lines() const {
    std::string all;
    char buf[65536];
    ssize_t got;
    while ((got = ::pread(fd_, buf, sizeof buf, off_t(all.size()))) > 0) all.append(buf, got);
    std::vector<std::pair<LogLevel, std::string>> out;
    for (std::size_t at = 0, end; (end = all.find('\0', at)) != std::string::npos; at = end + 1)
      out.emplace_back(LogLevel(all[at] - '0'), all.substr(at + 1, end - at - 1));
    return out;
  }

  int fd_ = -1;
};

}  // namespace sockserv::test
