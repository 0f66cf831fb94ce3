// SHA-1 (FIPS 180-4), only for name-based UUIDs (RFC 4122 version 5) of xAPI statements: not for security.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace examsim::core {

std::array<std::uint8_t, 20> sha1(std::string_view data);
std::string sha1Hex(std::string_view data);
// RFC 4122 version 5: SHA-1 of the namespace UUID's 16 bytes followed by the name. `namespaceUuid` in
// the 8-4-4-4-12 hex form; "" when it is not one.
std::string uuidV5(std::string_view namespaceUuid, std::string_view name);
bool isUuid(std::string_view text); // 8-4-4-4-12 lower- or upper-case hex

} // namespace examsim::core
