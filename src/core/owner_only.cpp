#include "core/owner_only.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace examsim::core {

namespace fs = std::filesystem;

bool createOwnerOnlyDirs(const fs::path& dir) {
    if (dir.empty()) return true;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return true;
    if (!createOwnerOnlyDirs(dir.parent_path())) return false;
    return ::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST;
}

std::string writeOwnerOnlyFile(const fs::path& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return std::strerror(errno);
    std::string error;
    if (::fchmod(fd, 0600) != 0) error = std::strerror(errno);
    for (std::size_t done = 0; error.empty() && done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) error = std::strerror(errno);
        else done += static_cast<std::size_t>(n);
    }
    if (error.empty() && ::fsync(fd) != 0) error = std::strerror(errno);
    if (::close(fd) != 0 && error.empty()) error = std::strerror(errno);
    return error;
}

} // namespace examsim::core
