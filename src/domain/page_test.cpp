#include "domain/page.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shiftsync {
namespace {

TEST(Page, DefaultsToTheFirstPageOfOneHundred) {
    auto request = ParsePageRequest(std::nullopt, std::nullopt);
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(request->limit, 100);
    EXPECT_FALSE(request->after.has_value());
}

TEST(Page, ACursorCarriesTheKeyItWasMadeOf) {
    for (const PageKey& key : {PageKey{7, ""}, PageKey{42, "1700000000"}, PageKey{3, "Zoë: a name, with: colons"}}) {
        const std::string cursor = EncodeCursor(key);
        EXPECT_EQ(cursor.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos)
            << cursor << " is safe in a URL as it is";
        auto request = ParsePageRequest(std::string("500"), cursor);
        ASSERT_TRUE(request.ok()) << cursor;
        EXPECT_EQ(request->limit, 500);
        EXPECT_EQ(request->after, key);
    }
}

TEST(Page, BadLimitsAndCursorsAreMalformedAndNamed) {
    for (const char* limit : {"0", "501", "-1", "ten", "", "1.5", "100 "}) {
        auto request = ParsePageRequest(std::string(limit), std::nullopt);
        ASSERT_FALSE(request.ok()) << limit;
        EXPECT_EQ(request.error().code, ErrorCode::kMalformed);
        EXPECT_EQ(request.error().field, "limit");
    }
    const std::string no_id = EncodeCursor(PageKey{0, "x"});
    for (const std::string& cursor : {std::string("not base64!"), std::string("Zm9v"), no_id, std::string("A")}) {
        auto request = ParsePageRequest(std::nullopt, cursor);
        ASSERT_FALSE(request.ok()) << cursor;
        EXPECT_EQ(request.error().code, ErrorCode::kMalformed);
        EXPECT_EQ(request.error().field, "cursor");
    }
}

TEST(Page, NumericSortKeysAreCheckedWhereAListNeedsOne) {
    EXPECT_EQ(*NumericSortKey(PageKey{1, "-86400"}), -86400);
    EXPECT_FALSE(NumericSortKey(PageKey{1, "Ada"}).ok());
    EXPECT_FALSE(NumericSortKey(PageKey{1, ""}).ok());
}

TEST(Page, PageOfKeepsTheLimitAndPointsAfterTheLastKeptRow) {
    const auto key_of = [](int n) { return PageKey{n, std::to_string(n * 10)}; };
    Page<int> full = PageOf<int>({1, 2, 3}, 2, key_of);
    EXPECT_EQ(full.items, (std::vector<int>{1, 2}));
    ASSERT_TRUE(full.next_cursor.has_value());
    EXPECT_EQ(ParsePageRequest(std::nullopt, *full.next_cursor)->after, key_of(2));
    Page<int> last = PageOf<int>({1, 2}, 2, key_of);
    EXPECT_EQ(last.items.size(), 2u);
    EXPECT_FALSE(last.next_cursor.has_value());
}

}  // namespace
}  // namespace shiftsync
