// A small "save as" dialog of our own (ImGui 1.86 has none): browse folders, type a file name, confirm.
// It never blocks: Esc or Cancel always leaves it.
#pragma once

#include "app/app.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace examsim::app {

class SaveDialog {
public:
    // Opens the dialog in `folder` with a suggested file name; `confirm` labels the button ("Save", or
    // "Open" to choose an existing file).
    void open(const std::string& title, const std::filesystem::path& folder, const std::string& fileName,
              const std::string& confirm = "Save");
    // Draws it when open; returns true on the frame the learner confirms, with the chosen path in path().
    bool draw(const AppContext& ctx);
    const std::filesystem::path& path() const { return m_path; }

private:
    std::string m_title;
    std::string m_confirm = "Save";
    std::filesystem::path m_folder;
    std::string m_name;
    std::filesystem::path m_path;
    std::vector<std::filesystem::path> m_entries;
    bool m_open = false;
    bool m_openRequested = false;
    void list();
};

} // namespace examsim::app
