#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/body_reader.hpp"
#include "http/json/dto.hpp"
#include "http/problem.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    MailService& mail;
};

// "to" is "all" or a non-empty array of user ids.
std::optional<std::vector<Id>> ReadRecipients(const boost::json::value* to, BodyReader& reader) {
    const Error wrong = Error::Invalid("to must be \"all\" or an array of user ids", "to");
    if (to == nullptr) {
        reader.Fail(Error::Invalid("to is required", "to"));
        return std::nullopt;
    }
    if (to->is_string() && to->as_string() == "all") return std::nullopt;
    if (!to->is_array()) {
        reader.Fail(wrong);
        return std::nullopt;
    }
    std::vector<Id> ids;
    for (const auto& element : to->as_array()) {
        if (!element.is_int64() || element.as_int64() <= 0) {
            reader.Fail(wrong);
            return std::nullopt;
        }
        ids.push_back(element.as_int64());
    }
    return ids;
}

Response SendMail(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    MailRequest request;
    request.user_ids = ReadRecipients(reader.Raw("to"), reader);
    request.subject = reader.String("subject");
    request.message = reader.String("message");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto accepted = services.mail.Send(context.caller(), request);
    if (!accepted) return ProblemFromError(accepted.error());
    boost::json::array ids(accepted->message_ids.begin(), accepted->message_ids.end());
    boost::json::array skipped(accepted->skipped_user_ids.begin(), accepted->skipped_user_ids.end());
    return JsonResponse(202,
                        boost::json::object{{"message_ids", std::move(ids)}, {"skipped_user_ids", std::move(skipped)}});
}

Response ListMail(HandlerServices& services, RequestContext& context) {
    if (HasUnknownQueryParams(context.request, {"limit", "cursor"}))
        return ProblemFromError(Error::Malformed("unknown or malformed query parameter"));
    auto page = ParsePageRequest(QueryParam(context.request, "limit"), QueryParam(context.request, "cursor"));
    if (!page) return ProblemFromError(page.error());
    auto messages = services.mail.List(context.caller(), *page);
    if (!messages) return ProblemFromError(messages.error());
    boost::json::array items;
    for (const OutboxMessage& message : messages->items) items.push_back(OutboxJson(message));
    return JsonResponse(200, boost::json::object{{"messages", std::move(items)},
                                                 {"next_cursor", NextCursorJson(messages->next_cursor)}});
}

Response RetryMail(HandlerServices& services, RequestContext& context) {
    auto message = services.mail.Retry(context.caller(), context.path_ids.at(0));
    if (!message) return ProblemFromError(message.error());
    return JsonResponse(202, OutboxJson(*message));
}

}  // namespace

std::vector<Route> MailRoutes(MailService& mail) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{mail});
    return {
        Personal({"POST", "/api/v1/mail", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return SendMail(*s, c); }}),
        Personal({"GET", "/api/v1/mail", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return ListMail(*s, c); }}),
        Personal({"POST", "/api/v1/mail/{id}/retry", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return RetryMail(*s, c); }}),
    };
}

}  // namespace shiftsync::http
