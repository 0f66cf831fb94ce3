// Reads one bank file: syntax, limits, shape and every check that needs only that file. Checks that
// need the other banks of the set (topic references, ids across banks) live in bank_set.
#pragma once

#include "core/bank.hpp"
#include "core/diagnostic.hpp"
#include "core/json_scan.hpp"
#include "core/source_file.hpp"

#include <optional>
#include <vector>

namespace examsim::core {

struct BankFileResult {
    enum class Kind { Bank, OtherFormat, Broken };
    Kind kind = Kind::Broken;
    std::optional<Bank> bank;             // when kind == Bank (possibly with errors)
    std::vector<Diagnostic> diagnostics;  // in file order
    bool hasErrors() const;
};

// "format" of a JSON file in a bank folder that is not a bank but is read by another loader.
bool isOtherExamsimFormat(std::string_view format);

BankFileResult loadBankFile(const SourceFile& source, const JsonLimits& limits = {});

} // namespace examsim::core
