// The Editor's "Import GIFT or CSV..." (issue 8): choose a file with the app's file dialog, set the new
// bank's id, level and title, read the import report (skipped questions with their lines, notes) as
// the options change, and open the draft questions as a new bank for the trainer to complete and save.
#pragma once

#include "app/app.hpp"
#include "app/file_dialog.hpp"
#include "core/import_bank.hpp"

#include <filesystem>
#include <string>

namespace examsim::app {

class BankImporter {
  public:
    void start(); // opens the file dialog
    // Draws the file dialog and the import window; true on the frame the trainer opens the drafts,
    // which take() then hands over.
    bool draw(AppContext& ctx);
    core::ImportedBank take() { return std::move(m_result); }
    const std::filesystem::path& file() const { return m_file; }

  private:
    SaveDialog m_dialog;
    std::filesystem::path m_folder;
    std::filesystem::path m_file;
    std::string m_text;
    core::ImportFormat m_format = core::ImportFormat::Gift;
    core::BankImportOptions m_options;
    core::ImportedBank m_result;
    std::string m_readError;
    bool m_openRequested = false;
    bool m_stale = true; // the options changed: import again before showing the report
    void read(const AppContext& ctx, const std::filesystem::path& file);
    void drawOptions(const AppContext& ctx);
    void drawReport(const AppContext& ctx);
};

} // namespace examsim::app
