#include "core/import_bank.hpp"

#include "core/json_checker.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace examsim::core {

namespace {

std::string lowerExtension(const std::string& fileName) {
    std::string ext = std::filesystem::path(fileName).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return ext;
}

} // namespace

std::optional<ImportFormat> importFormatOf(const std::string& fileName) {
    const std::string ext = lowerExtension(fileName);
    if (ext == ".csv") return ImportFormat::Csv;
    if (ext == ".gift" || ext == ".txt") return ImportFormat::Gift;
    return std::nullopt;
}

ImportedBank importBank(std::string_view text, ImportFormat format, const BankImportOptions& options) {
    ImportedBank out;
    ImportOptions io;
    io.bankId = options.bankId;
    io.level = options.level;
    io.topics = options.topics;
    out.result = format == ImportFormat::Gift ? importGift(text, io) : importCsv(text, io);
    // GIFT has no cognitive level: the drafts leave it out so the validator asks for it.
    if (format == ImportFormat::Gift) out.omitInDrafts = {"cognitive_level"};
    BankInfo& info = out.bank.info;
    info.id = options.bankId;
    info.title = options.title.empty()
                     ? "Imported from " + std::filesystem::path(options.fileName).filename().string()
                     : options.title;
    info.version = "0.1.0";
    info.language = "en";
    info.license = options.license;
    info.authors = {options.author};
    info.standardName = "ISO/IEC 20000";
    info.standardPart = "1";
    info.standardEdition = 2018;
    out.bank.topics = out.result.newTopics;
    out.bank.questions = out.result.questions;
    return out;
}

std::string suggestedBankId(const std::string& fileName) {
    const std::string id = slugId(std::filesystem::path(fileName).stem().string());
    return id.empty() ? "imported" : id;
}

std::string importBankIdProblem(const std::string& bankId, const std::vector<std::string>& loadedBankIds) {
    if (!JsonChecker::isId(bankId))
        return "The bank id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or "
               "digit.";
    if (std::find(loadedBankIds.begin(), loadedBankIds.end(), bankId) != loadedBankIds.end())
        return "A loaded bank has the id \"" + bankId +
               "\": saving the import would override it. Choose another id.";
    return "";
}

} // namespace examsim::core
