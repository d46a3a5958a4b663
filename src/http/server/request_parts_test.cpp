#include "http/server/request_parts.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shiftsync::http {
namespace {

TEST(RequestPartsTest, SplitsAndDecodesTargets) {
    const auto parts = SplitTarget("/a%20b?x=1?y");
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->path, "/a%20b");
    EXPECT_EQ(parts->query, "x=1?y");
    EXPECT_FALSE(SplitTarget("*"));
    EXPECT_FALSE(SplitTarget("http://host/a"));
    EXPECT_EQ(DecodePath("/a%20b%2fc+d"), "/a b/c+d");
    EXPECT_FALSE(DecodePath("/a%2"));
    EXPECT_FALSE(DecodePath("/a%g0"));
    EXPECT_FALSE(DecodePath("/a%00"));
}

TEST(RequestPartsTest, AccessLogEscapesHostileText) {
    const std::string line = FormatAccessLog({.method = "GET",
                                              .path = "/a\"b\n\xff",
                                              .status = 404,
                                              .duration_ms = 1.5,
                                              .request_id = "id",
                                              .client = "::1"});
    EXPECT_EQ(line, R"({"msg":"request","method":"GET","path":"/a\"b\u000a\u00ff","status":404,"duration_ms":1.500,)"
                    R"("request_id":"id","client":"::1"})");
}

}  // namespace
}  // namespace shiftsync::http
