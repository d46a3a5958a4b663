# Writes OUTPUT: a C++ source defining shiftsync::db::Migrations() from the SQL files in
# MIGRATIONS ('|'-separated, named NNNN_description.sql, versions 1, 2, 3 ... in order).
# Run with cmake -P at build time (see CMakeLists.txt).
string(REPLACE "|" ";" files "${MIGRATIONS}")
set(delimiter "shiftsync_sql")
set(entries "")
set(expected 1)
foreach(path IN LISTS files)
    get_filename_component(name "${path}" NAME)
    if(NOT name MATCHES "^([0-9]+)_([a-z0-9_]+)\\.sql$")
        message(FATAL_ERROR "${name}: migrations are named NNNN_description.sql")
    endif()
    math(EXPR version "${CMAKE_MATCH_1}")
    set(description "${CMAKE_MATCH_2}")
    if(NOT version EQUAL expected)
        message(FATAL_ERROR "${name}: expected version ${expected}; versions must be 1, 2, 3 ... in list order")
    endif()
    math(EXPR expected "${expected} + 1")
    file(READ "${path}" sql)
    string(FIND "${sql}" ")${delimiter}\"" clash)
    if(NOT clash EQUAL -1)
        message(FATAL_ERROR "${name} contains the raw-string delimiter )${delimiter}\"")
    endif()
    string(APPEND entries "    {${version}, \"${description}\", R\"${delimiter}(${sql})${delimiter}\"},\n")
endforeach()

set(content "// Generated from src/infra/db/migrations by embed_migrations.cmake. Do not edit.
#include \"infra/db/migrations.hpp\"

namespace shiftsync::db {
namespace {

constexpr Migration kMigrations[] = {
${entries}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace shiftsync::db
")
file(WRITE "${OUTPUT}" "${content}")
