// Small drawing helpers shared by the screens: headings, a percentage bar with the pass mark drawn as
// a line, and dates.
#pragma once

#include "app/app.hpp"

#include <cstdint>
#include <string>

namespace examsim::app {

void heading(const AppContext& ctx, const char* text);
// A horizontal bar filled to `percent` (0..100), coloured pass/fail against `passMark` (no colour
// meaning when passMark < 0), with the pass mark as a vertical line and the value written on it.
void percentBar(const AppContext& ctx, double percent, double passMark, float width, const char* label = nullptr);
// "2026-11-22 14:05" in local time; "" for 0.
std::string localDate(std::int64_t unixSeconds, bool withTime = true);
// "12 min", "1 h 05 min".
std::string duration(std::int64_t ms);
// Text cut to fit `width` pixels, ending in "..." when cut; the whole text as a tooltip.
void clippedText(const char* text, float width);
// A button the keyboard can reach that is drawn as the primary action.
bool primaryButton(const AppContext& ctx, const char* label);
// "Cancel" in a popup, pressed by Esc too: closes the popup and returns true.
bool cancelButton();

} // namespace examsim::app
