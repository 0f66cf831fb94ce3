// A user-supplied JSON file read into memory, with the positions of its values on demand, so that any
// finding about it can be placed at FILE:LINE:COL and a JSON Pointer.
#pragma once

#include "core/diagnostic.hpp"
#include "core/json_scan.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace examsim::core {

enum class Anchor { Value, Key };

class SourceFile {
public:
    SourceFile(std::string path, std::string text);
    SourceFile(SourceFile&&) noexcept;
    SourceFile& operator=(SourceFile&&) noexcept;
    ~SourceFile();

    // Reads a whole file, refusing directories, unreadable files, files over maxBytes, empty files and
    // files holding a NUL byte; the refusal is a Diagnostic naming the file.
    static std::variant<SourceFile, Diagnostic> read(const std::filesystem::path& path, std::size_t maxBytes);

    const std::string& path() const { return m_path; }
    const std::string& text() const { return m_text; }

    Diagnostic at(Severity severity, const std::string& pointer, std::string message,
                  Anchor anchor = Anchor::Value) const;
    Diagnostic atOffset(Severity severity, std::size_t offset, const std::string& pointer, std::string message) const;
    std::string location(const std::string& pointer) const; // "FILE:LINE:COL"

private:
    std::string m_path;
    std::string m_text;
    mutable std::unique_ptr<PositionIndex> m_positions;
    mutable std::unique_ptr<LineIndex> m_lines;
    const LineIndex& lines() const;
};

} // namespace examsim::core
