// Issue 8: the edits the Editor makes to a question's answer material and to the entries questions refer
// to, with the key kept in step: removing an option, premise or item also drops it from the key, a
// sequencing key always lists every item once, renaming an id renames it in the key.
#pragma once

#include "core/bank.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace examsim::core {

// The validator's bounds on options, premises and items.
inline constexpr std::size_t kMinChoices = 2;
inline constexpr std::size_t kMaxChoices = 8;

enum class ChoiceList { Options, Premises, Items };

std::vector<Choice>& choices(Question& q, ChoiceList list);
const std::vector<Choice>& choices(const Question& q, ChoiceList list);

// The first unused id of the list's style: premises are numbered "1", "2", …; options and items lettered
// "a", "b", … (then "a2", "b2", … after "z").
std::string freshChoiceId(const Question& q, ChoiceList list);

// Appends an empty entry with a fresh id; false (nothing changed) when the list already holds
// kMaxChoices. A new sequencing item goes to the end of the key; a new premise stays unmatched until
// matchPremise (the validator asks for it) rather than being keyed to an option the trainer never chose.
bool addChoice(Question& q, ChoiceList list);
// Removes the entry and every mention of it in the key: an option from the key ids (single, multiple)
// or from the matches (matching, the premise is then unmatched); a premise's match; an item from the
// order.
void removeChoice(Question& q, ChoiceList list, std::size_t index);
// Moves an entry one place up (delta -1) or down (+1) in the order learners see; the key is unchanged.
// False when it cannot move.
bool moveChoice(Question& q, ChoiceList list, std::size_t index, int delta);
// Renames an entry and its mentions in the key; false (nothing changed) when `id` is not an id of the
// bank format or another entry of the list has it already.
bool renameChoice(Question& q, ChoiceList list, std::size_t index, const std::string& id);

// Matching: the option a premise is matched to ("" when none) and setting it (matches stay in premise
// order, as the loader keeps them).
std::string matchOf(const Question& q, const std::string& premiseId);
void matchPremise(Question& q, const std::string& premiseId, const std::string& optionId);

// Sequencing: moves the item at `position` of the correct order one place up or down; false when it
// cannot move.
bool moveInKey(Question& q, std::size_t position, int delta);
// Sequencing: an item's 0-based place in the correct order (std::string::npos when the key leaves it
// out), and putting it at `position` (the others keep their order; a left-out item is added).
std::size_t placeInKey(const Question& q, const std::string& itemId);
void setPlaceInKey(Question& q, const std::string& itemId, std::size_t position);

// Ids of questions that refer to the case study or topic `id`: in `bank` and in `others` (the loaded
// banks; a bank with the id of `bank` is skipped, as `bank` is the newer text of it). A topic is also
// "used" by the topics whose parent it is; they are listed by topic id.
std::vector<std::string> usersOfCaseStudy(const Bank& bank, const std::vector<Bank>& others,
                                          const std::string& id);
std::vector<std::string> usersOfTopic(const Bank& bank, const std::vector<Bank>& others,
                                      const std::string& id);

// After a case study or topic of `bank` is renamed from `oldId` to `newId`: the entries of `bank` that
// named the old id, with the new one, by index (questions' case study, topic and secondary topics; child
// topics' parent). Other banks are left alone: the users functions above still list them.
struct RenamedUses {
    std::vector<std::pair<std::size_t, Question>> questions;
    std::vector<std::pair<std::size_t, Topic>> topics;
};
RenamedUses caseStudyRenamed(const Bank& bank, const std::string& oldId, const std::string& newId);
RenamedUses topicRenamed(const Bank& bank, const std::string& oldId, const std::string& newId);

// A fresh entry id in the style of `like` for a new topic or case study ("cs-relocation" gives
// "cs-relocation-2", then "-3", …), not used by any id in `taken`.
std::string freshEntryId(const std::vector<std::string>& taken, const std::string& like);

} // namespace examsim::core
