// Editing and saving bank files: a bank opened for editing keeps its original text, and saving patches
// only what changed into it, so unchanged files come back byte for byte and a one-field edit is a
// one-line diff. Saving is atomic and keeps the previous version as NAME.json.bak.
#pragma once

#include "core/bank.hpp"
#include "core/diagnostic.hpp"
#include "core/json_scan.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace examsim::core {

class BankDocument;

struct OpenResult {
    std::unique_ptr<BankDocument> document; // null when the file is not a readable bank
    std::vector<Diagnostic> diagnostics;    // the validator's findings on the file as it is
};

struct SaveResult {
    bool ok = false;
    std::string error;            // what went wrong, naming the file
    std::filesystem::path backup; // NAME.json.bak when a previous version existed
};

class BankDocument {
  public:
    ~BankDocument();
    BankDocument(const BankDocument&) = delete;
    BankDocument& operator=(const BankDocument&) = delete;

    // Opens a bank file for editing. Banks with content errors open (so they can be fixed); files that
    // are not JSON or not a bank do not.
    static OpenResult open(const std::filesystem::path& path, const JsonLimits& limits = {});
    // A new document (an import, a new bank) written as 2-space JSON in the canonical field order.
    // Fields named in `omitInDrafts` (e.g. "cognitive_level", which GIFT never gives) are left out of
    // draft questions, so the validator reminds the trainer to set them. A difficulty of 0 means "not
    // set" and is always left out.
    static std::unique_ptr<BankDocument> create(const std::filesystem::path& path, const Bank& bank,
                                                const std::vector<std::string>& omitInDrafts = {});

    const std::filesystem::path& path() const;
    void setPath(const std::filesystem::path& path); // "save as" (e.g. a user copy of a shipped bank)
    // The bank as the current text reads (questions in file order; pointers refer to the current text).
    const Bank& bank() const;
    bool modified() const; // the text differs from the file as opened or last saved

    void setInfo(const BankInfo& info);
    // Questions are addressed by their index in bank().questions.
    void setQuestion(std::size_t index, const Question& q);
    std::size_t addQuestion(const Question& q); // appended; returns its index
    std::size_t insertQuestion(std::size_t index, const Question& q);
    std::size_t duplicateQuestion(std::size_t index, const std::string& newId); // inserted after the original
    void deleteQuestion(std::size_t index);
    void setTopic(std::size_t index, const Topic& t);
    std::size_t addTopic(const Topic& t);
    void deleteTopic(std::size_t index);
    void setCaseStudy(std::size_t index, const CaseStudy& cs);
    std::size_t addCaseStudy(const CaseStudy& cs);
    void deleteCaseStudy(std::size_t index);

    // The text that save() writes.
    std::string text() const;
    // The validator's findings on text(), with its messages and positions, as if the file were saved:
    // alone, or (when `otherBanks` is given) loaded together with those folders/files, so topics and
    // case studies of other banks are known and ids across banks are checked.
    std::vector<Diagnostic> validate(const std::vector<std::filesystem::path>& otherBanks = {}) const;

    // Writes text() atomically (temp file in the same folder, fsync, rename), keeping the previous
    // file as NAME.json.bak. Creates the folder if needed.
    SaveResult save();

  private:
    struct Impl;
    std::unique_ptr<Impl> m;
    BankDocument();
    void reload();
};

// Writes `content` to `path` atomically, keeping a previous file as PATH.bak (see BankDocument::save).
SaveResult saveFileAtomically(const std::filesystem::path& path, const std::string& content);

// The user copy of a bank: userBanksDir() (core/paths) / the bank's file name (or ID.json for a new
// bank). A bank there overrides a shipped bank of the same id (see BankSet::load).
std::filesystem::path userBankPath(const Bank& bank);

} // namespace examsim::core
