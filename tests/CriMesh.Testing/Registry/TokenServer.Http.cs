using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CriMesh.Testing.Registry;

/// <summary>The HTTP side of the token server.</summary>
public sealed partial class TokenServer
{
    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/token")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        string? user = null;
        string? password = null;
        var scopes = new List<string>();
        foreach (var s in context.Request.Query["scope"])
        {
            scopes.AddRange((s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
        var service = (string?)context.Request.Query["service"];
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            // OAuth2 password grant (distribution's token.md "OAuth2 token" variant).
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            user = form["username"];
            password = form["password"];
            service = form["service"].FirstOrDefault() ?? service;
            foreach (var s in form["scope"])
            {
                scopes.AddRange((s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        else if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var auth)
            && string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && auth.Parameter is not null)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                user = decoded[..colon];
                password = decoded[(colon + 1)..];
            }
        }

        if (Fault is { } fault)
        {
            lock (_lock)
            {
                _requests.Add(new TokenRequest(user, service, scopes, false, _time.GetUtcNow()));
            }
            await fault.HandleAsync(context, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var authenticated = user is not null && _users.TryGetValue(user, out var expected) && expected == password;
        var granted = authenticated || (user is null && _allowAnonymous);
        if (service is not null && service != Service)
        {
            granted = false;
        }
        lock (_lock)
        {
            _requests.Add(new TokenRequest(user, service, scopes, granted, _time.GetUtcNow()));
        }
        if (!granted)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"crimesh-test-token-server\"";
            await context.Response.WriteAsync("""{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var issuedAt = _time.GetUtcNow();
        var token = CreateGrantedToken(user, scopes, issuedAt);
        Interlocked.Increment(ref _tokensIssued);
        var body = new JsonObject
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = (long)_lifetime.TotalSeconds,
            ["issued_at"] = issuedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
