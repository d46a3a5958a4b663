// The stand-in itself, driven by plain libcurl: the same request is accepted when signed with the
// right key and refused with the wrong one, so the client tests cannot pass against a stand-in
// that accepts everything. (aws_standin_test.py covers every refusal with botocore-signed requests.)
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "aws_standin.hpp"

namespace shiftsync::aws_test {
namespace {

struct Answer {
    long status = 0;
    std::string body;
};

size_t Append(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

Answer Post(const AwsStandIn& standin, const std::string& secret_key) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> headers(
        curl_slist_append(nullptr, "X-Amz-Target: secretsmanager.GetSecretValue"), curl_slist_free_all);
    curl_slist_append(headers.get(), "Content-Type: application/x-amz-json-1.1");
    const std::string url = standin.endpoint() + "/";
    const std::string sigv4 = std::string("aws:amz:") + kRegion + ":secretsmanager";
    Answer answer;
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_CAINFO, standin.ca_file().c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, R"({"SecretId":"app"})");
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_AWS_SIGV4);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(h, CURLOPT_USERNAME, kAccessKeyId);
    curl_easy_setopt(h, CURLOPT_PASSWORD, secret_key.c_str());
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, Append);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer.body);
    EXPECT_EQ(curl_easy_perform(h), CURLE_OK);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &answer.status);
    return answer;
}

TEST(AwsStandIn, RefusesARequestSignedWithTheWrongKey) {
    StandInOptions options;
    options.secrets["app"] = "the-secret";
    AwsStandIn standin(options);

    const Answer wrong = Post(standin, "wrong-secret-access-key");
    EXPECT_EQ(wrong.status, 400);
    EXPECT_NE(wrong.body.find(R"("__type": "InvalidSignatureException")"), std::string::npos) << wrong.body;

    const Answer right = Post(standin, kSecretAccessKey);
    EXPECT_EQ(right.status, 200);
    EXPECT_NE(right.body.find(R"("SecretString": "the-secret")"), std::string::npos) << right.body;
}

}  // namespace
}  // namespace shiftsync::aws_test
