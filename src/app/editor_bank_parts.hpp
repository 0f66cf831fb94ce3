// The Editor's tabs besides Questions (issue 8): a bank's case studies, its topics and its metadata,
// each edited through core::BankDocument with the validator's findings on the entry as it is typed.
// The screen owns the document; these hold only what is selected and being typed.
#pragma once

#include "app/app.hpp"
#include "core/bank.hpp"
#include "core/bank_writer.hpp"
#include "core/diagnostic.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace examsim::app {

// A list of case studies or topics with Add and Delete, and the selected entry's fields. Delete is
// refused while questions (or child topics) still use the entry. Entry is core::CaseStudy or core::Topic.
template <typename Entry> class EntriesEditor {
  public:
    // Draws the list and the form; returns true when the document changed.
    bool draw(AppContext& ctx, core::BankDocument& doc, const std::vector<core::Diagnostic>& findings);
    void select(const std::string& id); // applied when next drawn
    void reset();                       // another document was opened

  private:
    std::size_t m_index = 0;
    Entry m_edit{};
    bool m_loaded = false;
    std::string m_selectId;
    std::string m_refusal;
    std::string m_note;     // what a rename changed
    std::string m_idBefore; // the id when its field was entered
    bool m_deleteAsked = false;
    void load(const core::BankDocument& doc);
    bool drawList(AppContext& ctx, core::BankDocument& doc, const std::vector<core::Diagnostic>& findings);
    bool drawDeletePrompt(AppContext& ctx, core::BankDocument& doc);
    bool renameUses(const AppContext& ctx, core::BankDocument& doc);
};

using CaseStudiesEditor = EntriesEditor<core::CaseStudy>;
using TopicsEditor = EntriesEditor<core::Topic>;

// Whether a finding is about the bank's metadata or the file as a whole (not one question, topic or
// case study).
bool aboutBankItself(const std::string& pointer);

// The bank's metadata: id, title, version, language, license, authors, standard, description.
class BankInfoEditor {
  public:
    bool draw(AppContext& ctx, core::BankDocument& doc, const std::vector<core::Diagnostic>& findings);
    void reset() { m_loaded = false; }

  private:
    core::BankInfo m_edit;
    bool m_loaded = false;
};

} // namespace examsim::app
