#pragma once
// The PictureProcessor on libvips (Debian's libvips-dev), the only code that includes vips.
#include <memory>

#include "app/ports/picture_processor.hpp"

namespace shiftsync {

// Starts libvips once per process (VIPS_INIT; later calls reuse it), with its operation cache
// off (memory stays bounded by the requests in flight) and one vips worker thread per call (the
// server's pool is the parallelism). Throws std::runtime_error if libvips cannot start.
std::unique_ptr<PictureProcessor> MakeVipsPictureProcessor();

}  // namespace shiftsync
