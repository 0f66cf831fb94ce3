// Pieces shared by the HTML reports: the page frame with the inlined stylesheet, bars as inline-styled
// divs, and the credit ledger block. Every text passed in is escaped here.
#pragma once

#include "core/report/credit_ledger.hpp"

#include <string>

namespace examsim::core {

std::string htmlPageStart(const std::string& title, const std::string& css);
std::string htmlPageEnd();
// A horizontal bar of `percent` (0-100) with an optional pass-mark tick; `good` picks its colour.
std::string htmlBar(double percent, double passMarkPercent = -1);
std::string htmlCreditLedger(const CreditLedger& ledger);
// Background colour of a heatmap cell: red (0 %) through amber to green (100 %).
std::string heatColour(double share);

} // namespace examsim::core
