#include "core/allocator.hpp"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace examsim::core {

void tuneAllocator() {
#if defined(__GLIBC__) && defined(M_MXFAST)
    mallopt(M_MXFAST, 0);
#endif
}

} // namespace examsim::core
