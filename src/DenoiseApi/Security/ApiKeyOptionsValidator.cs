using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>Checks <see cref="ApiKeyOptions"/> at start: with keys on there must be usable keys.</summary>
internal sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var errors = new List<string>();
        if (options.FailedAttemptLimit < 1) errors.Add($"Auth:FailedAttemptLimit must be at least 1, not {options.FailedAttemptLimit}.");
        if (options.FailedAttemptWindowSeconds is < 1 or > 86_400)
            errors.Add($"Auth:FailedAttemptWindowSeconds must be between 1 and 86400, not {options.FailedAttemptWindowSeconds}.");
        if (!options.Enabled) return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        if (options.KeysFile is { Length: > 0 } file && !File.Exists(file))
            errors.Add($"Auth:KeysFile '{file}' does not exist; mount the secret there or remove the setting.");
        List<string> keys;
        try
        {
            keys = ApiKeyStore.CollectKeys(options);
        }
        catch (IOException e)
        {
            errors.Add($"Auth:KeysFile '{options.KeysFile}' cannot be read: {e.Message}");
            keys = [];
        }
        catch (UnauthorizedAccessException e)
        {
            errors.Add($"Auth:KeysFile '{options.KeysFile}' cannot be read: {e.Message}");
            keys = [];
        }
        if (keys.Count == 0 && errors.Count == 0)
            errors.Add("Auth:Enabled is true but no key is configured; set Auth:Keys:0 or Auth:KeysFile.");
        var weak = keys.Count(k => k.Length < ApiKeyOptions.MinKeyLength);
        if (weak > 0)
            errors.Add($"{weak} configured API key(s) are shorter than {ApiKeyOptions.MinKeyLength} characters; use long random keys (e.g. openssl rand -hex 32).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
