#include "listing.hpp"

#include <algorithm>
#include <cstdio>

namespace file_plugin {

namespace fs = std::filesystem;

Entry make_entry(std::string name, const struct stat& st) {
  return Entry{std::move(name), S_ISDIR(st.st_mode), std::uint64_t(st.st_size), st.st_mtime,
               unsigned(st.st_mode & 07777)};
}

bool is_upload_temp(const std::string& name) {
  auto at = name.rfind(".upload-");
  return name.starts_with('.') && at != std::string::npos && name.size() == at + 8 + 6;
}

std::vector<Entry> read_folder(const fs::path& folder) {
  std::vector<Entry> entries;
  std::error_code error;
  for (const auto& item : fs::directory_iterator(folder, error)) {
    std::string name = item.path().filename().string();
    struct stat st{};
    if (is_upload_temp(name) || ::stat(item.path().c_str(), &st) != 0) continue;
    entries.push_back(make_entry(std::move(name), st));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return entries;
}

std::string list_line(const Entry& entry, std::time_t now) {
  std::string mode = entry.directory ? "d" : "-";
  const char* rwx = "rwx";
  for (int bit = 8; bit >= 0; --bit) mode += (entry.mode >> bit) & 1 ? rwx[(8 - bit) % 3] : '-';
  struct tm tm{};
  gmtime_r(&entry.modified, &tm);
  char when[32];
  constexpr std::time_t half_year = 182 * 24 * 3600;
  bool recent = entry.modified > now - half_year && entry.modified <= now + 3600;
  std::strftime(when, sizeof when, recent ? "%b %d %H:%M" : "%b %d  %Y", &tm);
  char line[128];
  std::snprintf(line, sizeof line, "%s 1 ftp ftp %12llu %s ", mode.c_str(),
                static_cast<unsigned long long>(entry.size), when);
  return line + entry.name;
}

std::string ftp_time(std::time_t t) {
  struct tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y%m%d%H%M%S", &tm);
  return out;
}

std::string mlsx_line(const Entry& entry, bool writable) {
  std::string facts = entry.directory ? "type=dir;" : "type=file;";
  facts += "size=" + std::to_string(entry.size) + ";";
  facts += "modify=" + ftp_time(entry.modified) + ";";
  facts += "perm=" + std::string(entry.directory ? (writable ? "elcmpdf" : "el")
                                                 : (writable ? "rawdf" : "r")) + ";";
  return facts + " " + entry.name;
}

}  // namespace file_plugin
