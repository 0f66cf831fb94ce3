// Questions as canonical JSON: the snapshot stored with every attempt (so review, reports and item
// analysis work after a bank changes or disappears) and its SHA-256 content hash.
#pragma once

#include "core/bank.hpp"

#include <optional>
#include <string>

namespace examsim::core {

// Compact JSON in the bank format, members sorted: equal questions give equal text.
std::string questionToCanonicalJson(const Question& q);
// Reads a question written by questionToCanonicalJson (or any valid bank question).
std::optional<Question> questionFromJson(const std::string& text, std::string* error = nullptr);

std::string sha256Hex(const std::string& data);

} // namespace examsim::core
