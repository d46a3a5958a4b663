#include <fmt/format.h>

#include "http/conditional.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/dto.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    PictureService& pictures;
};

// Versioned URLs (?v= the current picture id) never change meaning, so they may be kept for good.
constexpr std::string_view kCacheVersioned = "private, max-age=31536000, immutable";
constexpr std::string_view kCacheRevalidate = "private, no-cache";

Response Malformed(std::string detail) { return ProblemFromError(Error::Malformed(std::move(detail))); }

Response UpdatedUser(const RequestContext& context, Result<User> user) {
    if (!user) return ProblemFromError(user.error());
    return JsonResponse(200, UserJson(ViewOf(context.caller(), std::move(*user))));
}

PictureUpload UploadOf(const Request& request) {
    return PictureUpload{std::string(request.Header("content-type").value_or("")), request.body};
}

Response PutPicture(HandlerServices& services, RequestContext& context, Id user_id) {
    return UpdatedUser(context, services.pictures.Set(context.caller(), user_id, UploadOf(context.request)));
}

Response DeletePicture(HandlerServices& services, RequestContext& context, Id user_id) {
    return UpdatedUser(context, services.pictures.Remove(context.caller(), user_id));
}

std::string ETagOf(const std::string& picture_id, PictureSize size) {
    return fmt::format("\"{}-{}\"", picture_id, static_cast<int>(size));
}

Response GetPicture(HandlerServices& services, RequestContext& context) {
    const Request& request = context.request;
    if (HasUnknownQueryParams(request, {"size", "v"})) return Malformed("unknown or malformed query parameter");
    PictureSize size = PictureSize::kSmall;
    if (auto text = QueryParam(request, "size")) {
        if (*text == "512")
            size = PictureSize::kLarge;
        else if (*text != "128")
            return Malformed("size must be 128 or 512");
    }
    const auto if_none_match = request.Header("if-none-match");
    const auto client_has = [&](const std::string& picture_id) {
        return if_none_match && IfNoneMatchNames(*if_none_match, ETagOf(picture_id, size));
    };
    auto picture = services.pictures.Read(context.caller(), context.path_ids[0], size, client_has);
    if (!picture) return ProblemFromError(picture.error());

    Response response;
    if (picture->not_modified) {
        response.status = 304;
    } else {
        response.content_type = picture->content_type;
        response.body = std::move(picture->bytes);
    }
    response.AddHeader("ETag", ETagOf(picture->picture_id, size));
    const bool versioned = QueryParam(request, "v") == picture->picture_id;
    response.AddHeader("Cache-Control", std::string(versioned ? kCacheVersioned : kCacheRevalidate));
    // Our bytes are always a JPEG we encoded; never let a browser guess otherwise.
    response.AddHeader("X-Content-Type-Options", "nosniff");
    response.AddHeader("Content-Security-Policy", "default-src 'none'; sandbox");
    return response;
}

}  // namespace

std::vector<Route> PictureRoutes(PictureService& pictures) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{pictures});
    // Decoding and re-encoding is CPU-heavy: the bounded pool, like password hashing.
    return {
        Personal({"PUT", "/api/v1/me/picture", Access::kEmployee, WorkPool::kHashing,
                  [s](RequestContext& c) { return PutPicture(*s, c, c.caller().user_id); }, BodyKind::kAny,
                  kPictureUploadBodyLimit}),
        Personal({"DELETE", "/api/v1/me/picture", Access::kEmployee, WorkPool::kGeneral,
                  [s](RequestContext& c) { return DeletePicture(*s, c, c.caller().user_id); }}),
        {"GET", "/api/v1/users/{id}/picture", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return GetPicture(*s, c); }},
        Personal({"PUT", "/api/v1/users/{id}/picture", Access::kManager, WorkPool::kHashing,
                  [s](RequestContext& c) { return PutPicture(*s, c, c.path_ids[0]); }, BodyKind::kAny,
                  kPictureUploadBodyLimit}),
        Personal({"DELETE", "/api/v1/users/{id}/picture", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return DeletePicture(*s, c, c.path_ids[0]); }}),
    };
}

}  // namespace shiftsync::http
