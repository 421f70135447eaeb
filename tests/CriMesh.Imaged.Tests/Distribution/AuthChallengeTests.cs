using CriMesh.Imaged.Distribution;

namespace CriMesh.Imaged.Tests.Distribution;

public sealed class AuthChallengeTests
{
    [Fact]
    public void Parse_BearerChallenge_ReadsQuotedParameters()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull\"");
        Assert.NotNull(c);
        Assert.True(c.IsBearer);
        Assert.Equal("https://auth.example.com/token", c.Realm);
        Assert.Equal("registry.example.com", c.Service);
        Assert.Equal("repository:a/b:pull", c.Scope);
    }

    [Fact]
    public void Parse_EscapesCommasAndUnquotedValues_AreHandled()
    {
        var c = AuthChallenge.Parse("bearer realm=\"https://a/t\", scope=\"repository:x:pull,push\", error=insufficient_scope, note=\"a \\\"q\\\"\"");
        Assert.NotNull(c);
        Assert.True(c.IsBearer);
        Assert.Equal("repository:x:pull,push", c.Scope);
        Assert.Equal("insufficient_scope", c.Parameters["error"]);
        Assert.Equal("a \"q\"", c.Parameters["note"]);
    }

    [Fact]
    public void Parse_Basic_IsBasic()
    {
        var c = AuthChallenge.Parse("Basic realm=\"Registry Realm\"");
        Assert.NotNull(c);
        Assert.True(c.IsBasic);
        Assert.Equal("Registry Realm", c.Realm);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("=foo")]
    [InlineData("Bea\"rer realm=x")]
    public void Parse_NotAChallenge_IsNull(string header) => Assert.Null(AuthChallenge.Parse(header));

    [Fact]
    public void Parse_UnterminatedQuote_DoesNotThrow()
    {
        var c = AuthChallenge.Parse("Bearer realm=\"https://a/t");
        Assert.NotNull(c);
        Assert.Equal("https://a/t", c.Realm);
    }
}
