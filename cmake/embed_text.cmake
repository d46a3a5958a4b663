# Turns a text file into a C++ source file so the binary never reads the source tree at run time.
# Usage: cmake -DINPUT=file.txt -DOUTPUT=file.cpp -DSYMBOL=kName -DLOWER=ON -P embed_text.cmake
# Defines `extern const std::string_view shiftsync::embedded::<SYMBOL>` holding the file's text
# (lower-cased when LOWER is set, so the list may be edited by hand without breaking lookups).
file(READ "${INPUT}" content)
if(LOWER)
    string(TOLOWER "${content}" content)
endif()
set(delimiter "shiftsync_embed")
string(FIND "${content}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/embed_text.cmake. Do not edit.
#include <string_view>

namespace shiftsync::embedded {
namespace {
const char kData[] = R\"${delimiter}(${content})${delimiter}\";
}  // namespace
extern const std::string_view ${SYMBOL};
const std::string_view ${SYMBOL}(kData, sizeof kData - 1);
}  // namespace shiftsync::embedded
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
