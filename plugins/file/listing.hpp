#pragma once
// Directory listings: LIST's Unix "ls -l" lines, NLST's names, and the RFC 3659 facts of
// MLSD and MLST, plus the timestamps of MDTM.

#include <sys/stat.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

namespace file_plugin {

/// One entry of a folder, as listings show it.
struct Entry {
  std::string name;
  bool directory = false;
  std::uint64_t size = 0;
  std::time_t modified = 0;
  unsigned mode = 0;  ///< permission bits
};

/// An entry from stat(2) data.
Entry make_entry(std::string name, const struct stat& st);

/// The entries of `folder` (following symlinks; entries that cannot be stat'ed, and the
/// temporary files of uploads in progress, are left out), sorted by name.
std::vector<Entry> read_folder(const std::filesystem::path& folder);

/// True for the temporary name an upload in progress writes to.
bool is_upload_temp(const std::string& name);

/// One LIST line without CRLF: "drwxr-xr-x 1 ftp ftp 4096 Jan 02 12:00 name"; files older
/// than six months before `now` show the year instead of the time.
std::string list_line(const Entry& entry, std::time_t now);

/// RFC 3659 facts and name without CRLF: "type=file;size=3;modify=20250101120000;perm=r; name".
/// `writable` adds the write permissions (a, c, d, f, m, p, w).
std::string mlsx_line(const Entry& entry, bool writable);

/// YYYYMMDDHHMMSS in UTC, as MDTM and MLSx show it.
std::string ftp_time(std::time_t t);

}  // namespace file_plugin
