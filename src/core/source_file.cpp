#include "core/source_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fmt/format.h>
#include <system_error>

namespace examsim::core {

SourceFile::SourceFile(std::string path, std::string text) : m_path(std::move(path)), m_text(std::move(text)) {}
SourceFile::SourceFile(SourceFile&&) noexcept = default;
SourceFile& SourceFile::operator=(SourceFile&&) noexcept = default;
SourceFile::~SourceFile() = default;

namespace {

std::string humanSize(std::uintmax_t bytes) {
    if (bytes >= 1024 * 1024) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    if (bytes >= 1024) return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / 1024.0);
    return fmt::format("{} bytes", bytes);
}

Diagnostic fileProblem(const std::string& path, std::string message) {
    Diagnostic d;
    d.file = path;
    d.message = std::move(message);
    return d;
}

} // namespace

std::variant<SourceFile, Diagnostic> SourceFile::read(const std::filesystem::path& path, std::size_t maxBytes) {
    const std::string name = path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory)
        return fileProblem(name, fmt::format("cannot access: {}", ec.message()));
    if (!std::filesystem::exists(status)) return fileProblem(name, "no such file");
    if (std::filesystem::is_directory(status)) return fileProblem(name, "is a directory, not a bank file");
    if (!std::filesystem::is_regular_file(status)) return fileProblem(name, "is not a regular file");
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > maxBytes)
        return fileProblem(name, fmt::format("file is too large ({}; the limit is {})", humanSize(size),
                                             humanSize(maxBytes)));

    std::FILE* f = std::fopen(name.c_str(), "rb");
    if (!f) return fileProblem(name, fmt::format("cannot open: {}", std::strerror(errno)));
    std::string text;
    char buffer[65536];
    while (true) {
        const std::size_t n = std::fread(buffer, 1, sizeof buffer, f);
        text.append(buffer, n);
        if (text.size() > maxBytes) { // the file grew, or is a pipe-like file that lied about its size
            std::fclose(f);
            return fileProblem(name, fmt::format("file is too large (over {})", humanSize(maxBytes)));
        }
        if (n < sizeof buffer) break;
    }
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) return fileProblem(name, fmt::format("cannot read: {}", std::strerror(err)));
    if (text.empty()) return fileProblem(name, "file is empty");

    SourceFile source(name, std::move(text));
    if (const auto nul = source.m_text.find('\0'); nul != std::string::npos)
        return source.atOffset(Severity::Error, nul, "",
                               "file contains a NUL byte: it is not a text file (or it is damaged)");
    return source;
}

const LineIndex& SourceFile::lines() const {
    if (!m_lines) m_lines = std::make_unique<LineIndex>(m_text);
    return *m_lines;
}

Diagnostic SourceFile::atOffset(Severity severity, std::size_t offset, const std::string& pointer,
                                std::string message) const {
    const auto lc = lines().at(offset);
    Diagnostic d;
    d.severity = severity;
    d.file = m_path;
    d.line = lc.line;
    d.column = lc.column;
    d.pointer = pointer;
    d.message = std::move(message);
    return d;
}

Diagnostic SourceFile::at(Severity severity, const std::string& pointer, std::string message, Anchor anchor) const {
    if (!m_positions) m_positions = std::make_unique<PositionIndex>(m_text);
    const auto entry = m_positions->find(pointer);
    return atOffset(severity, anchor == Anchor::Key ? entry.keyOffset : entry.valueOffset, pointer,
                    std::move(message));
}

std::string SourceFile::location(const std::string& pointer) const {
    const auto d = at(Severity::Error, pointer, "");
    return fmt::format("{}:{}:{}", d.file, d.line, d.column);
}

} // namespace examsim::core
