using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CriMesh.Testing.Registry;

/// <summary>The 401 challenge handling of the pusher.</summary>
public sealed partial class RegistryPusher
{
    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();

    private async Task<HttpResponseMessage> SendAsync(string repository, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var request = create();
        if (_authorizations.TryGetValue(repository, out var cached))
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(cached);
        }
        var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        request.Dispose();
        if (response.StatusCode != HttpStatusCode.Unauthorized || response.Headers.WwwAuthenticate.Count == 0)
        {
            return response;
        }
        var challenge = response.Headers.WwwAuthenticate.First();
        response.Dispose();
        var authorization = await AnswerChallengeAsync(repository, challenge, cancellationToken).ConfigureAwait(false);
        _authorizations[repository] = authorization;
        var retry = create();
        retry.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        var second = await _http.SendAsync(retry, cancellationToken).ConfigureAwait(false);
        retry.Dispose();
        return second;
    }

    private async Task<string> AnswerChallengeAsync(string repository, AuthenticationHeaderValue challenge, CancellationToken cancellationToken)
    {
        if (_credentials is null)
        {
            throw new HttpRequestException($"registry {_baseUri} demands {challenge.Scheme} auth for {repository} and the pusher has no credentials", null, HttpStatusCode.Unauthorized);
        }
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.User}:{_credentials.Password}"));
        if (string.Equals(challenge.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return basic;
        }
        if (!string.Equals(challenge.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw new HttpRequestException($"registry {_baseUri} demands unsupported auth scheme {challenge.Scheme}");
        }
        var parameters = ChallengeParameter().Matches(challenge.Parameter ?? "")
            .ToDictionary(m => m.Groups[1].Value.ToLowerInvariant(), m => m.Groups[2].Value);
        var realm = parameters.GetValueOrDefault("realm") ?? throw new HttpRequestException($"bearer challenge without realm: {challenge}");
        var query = new StringBuilder("?");
        if (parameters.TryGetValue("service", out var service))
        {
            query.Append("service=").Append(Uri.EscapeDataString(service)).Append('&');
        }
        // Ask for push and pull on the repository regardless of the challenge's scope, so one token serves the whole push.
        query.Append("scope=").Append(Uri.EscapeDataString($"repository:{repository}:pull,push"));
        await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(realm + query));
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(basic);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"token server {realm} refused {_credentials.User}: {(int)response.StatusCode} {body}", null, response.StatusCode);
            }
            var json = JsonNode.Parse(body)!.AsObject();
            var token = (string?)json["token"] ?? (string?)json["access_token"] ?? throw new HttpRequestException($"token server {realm} sent no token: {body}");
            Interlocked.Increment(ref _tokensFetched);
            return "Bearer " + token;
        }
        finally
        {
            _authLock.Release();
        }
    }
}
