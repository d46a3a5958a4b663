// RefreshingAwsCredentials: the instance role's temporary credentials, renewed before they expire.
#include <gtest/gtest.h>

#include <chrono>

#include "infra/aws/aws_credentials.hpp"

namespace shiftsync {
namespace {

using namespace std::chrono_literals;
using Time = std::chrono::system_clock::time_point;

class RefreshingAwsCredentialsTest : public testing::Test {
protected:
    AwsCredentials Next(Time expires_at) {
        ++fetches_;
        return {"AKID" + std::to_string(fetches_), "secret", "token", expires_at};
    }

    Time now_ = Time{} + 1000h;
    int fetches_ = 0;
    bool failing_ = false;
    RefreshingAwsCredentials::Now clock_ = [this] { return now_; };
};

TEST_F(RefreshingAwsCredentialsTest, LongTermKeysAreFetchedOnce) {
    RefreshingAwsCredentials source([this] { return Next(Time{}); }, clock_);
    EXPECT_EQ(source.Get().access_key_id, "AKID1");
    now_ += 24h * 365;
    EXPECT_EQ(source.Get().access_key_id, "AKID1");
    EXPECT_EQ(fetches_, 1);
}

TEST_F(RefreshingAwsCredentialsTest, TemporaryOnesAreRenewedFiveMinutesBeforeTheyExpire) {
    RefreshingAwsCredentials source([this] { return Next(now_ + 6h); }, clock_);
    EXPECT_EQ(source.Get().access_key_id, "AKID1");
    now_ += 5h + 54min;  // 6 minutes left
    EXPECT_EQ(source.Get().access_key_id, "AKID1");
    now_ += 2min;  // 4 minutes left
    EXPECT_EQ(source.Get().access_key_id, "AKID2");
    EXPECT_EQ(fetches_, 2);
}

TEST_F(RefreshingAwsCredentialsTest, AFailedRenewalKeepsUsingCredentialsThatStillWork) {
    RefreshingAwsCredentials source(
        [this] {
            if (failing_) throw AwsError("instance metadata service: timed out");
            return Next(now_ + 1h);
        },
        clock_);
    EXPECT_EQ(source.Get().access_key_id, "AKID1");
    failing_ = true;
    now_ += 58min;  // inside the renewal window, not yet expired
    EXPECT_EQ(source.Get().access_key_id, "AKID1");
    now_ += 3min;  // expired
    EXPECT_THROW(source.Get(), AwsError);
    failing_ = false;
    EXPECT_EQ(source.Get().access_key_id, "AKID2");
}

TEST_F(RefreshingAwsCredentialsTest, AFirstFailureReachesTheCaller) {
    RefreshingAwsCredentials source([]() -> AwsCredentials { throw AwsError("no AWS credentials"); }, clock_);
    EXPECT_THROW(source.Get(), AwsError);
}

}  // namespace
}  // namespace shiftsync
