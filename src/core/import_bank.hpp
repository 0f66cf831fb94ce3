// Issue 8: a GIFT or CSV file turned into a new bank of draft questions, as `examsim-cli import-gift` /
// `import-csv` and the Editor's "Import GIFT or CSV" both do it: the importer, the bank's metadata and
// the fields the drafts leave out.
#pragma once

#include "core/bank.hpp"
#include "core/gift.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace examsim::core {

enum class ImportFormat { Gift, Csv };

// By the file's extension: .csv is CSV; .gift and .txt (Moodle's own export) are GIFT.
std::optional<ImportFormat> importFormatOf(const std::string& fileName);

struct BankImportOptions {
    std::string fileName; // for the default title ("Imported from FILE")
    std::string bankId;   // see ImportOptions
    Level level = Level::Foundation;
    std::vector<TopicName> topics; // the known taxonomy
    std::string title;             // default: Imported from FILE
    std::string author = "Unknown author";
    std::string license = "All rights reserved";
};

struct ImportedBank {
    Bank bank;                             // info, the new topics and the draft questions
    ImportResult result;                   // messages (skipped questions with their lines, notes)
    std::vector<std::string> omitInDrafts; // for BankDocument::create: fields the format never gives
};

ImportedBank importBank(std::string_view text, ImportFormat format, const BankImportOptions& options);

// A bank id suggested for an imported file: its name without extension as an id ("Unit 3 quiz.gift"
// gives "unit-3-quiz"); "imported" when nothing is left.
std::string suggestedBankId(const std::string& fileName);

// Why `bankId` cannot name an imported bank ("" when it can): it is not an id of the bank format, or a
// loaded bank has it (the new bank, saved as a user bank, would override that one).
std::string importBankIdProblem(const std::string& bankId, const std::vector<std::string>& loadedBankIds);

} // namespace examsim::core
