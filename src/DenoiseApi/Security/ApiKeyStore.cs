using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DenoiseApi.Security;

/// <summary>
/// The accepted API keys, held only as SHA-256 digests. A presented key is hashed and compared with every digest by
/// <see cref="CryptographicOperations.FixedTimeEquals"/> without stopping at a match, so neither the time taken nor an
/// early exit tells a caller how close a guess was or which key matched. A mounted key file is re-read when its
/// timestamp changes (checked at most every few seconds), so a rotated secret takes effect without a restart.
/// </summary>
public sealed class ApiKeyStore
{
    private static readonly TimeSpan FileCheckInterval = TimeSpan.FromSeconds(5);

    private readonly ApiKeyOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _reloadLock = new();
    private volatile byte[][] _digests;
    private DateTime _fileStamp;
    private long _nextFileCheck;

    public ApiKeyStore(IOptions<ApiKeyOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _digests = Digests(CollectKeys(_options));
        _fileStamp = FileStamp();
        _nextFileCheck = _time.GetTimestamp();
    }

    /// <summary>Whether key checking is on.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>
    /// Checks a presented key. On success <paramref name="clientId"/> is a short fingerprint of the key ("key-" and 12
    /// hex digits of its digest), safe to log and to partition rate limits by; the key itself is never kept.
    /// </summary>
    public bool TryValidate(string presented, out string clientId)
    {
        ReloadFileIfChanged();
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(digest, known);
        }
        clientId = match ? Fingerprint(digest) : "";
        return match;
    }

    /// <summary>The fingerprint of a key as <see cref="TryValidate"/> reports it.</summary>
    public static string Fingerprint(string key) => Fingerprint(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The keys from configuration and from the key file, trimmed, without blanks, comments or duplicates.</summary>
    internal static List<string> CollectKeys(ApiKeyOptions options)
    {
        var keys = options.Keys.Select(k => k?.Trim() ?? "").Where(k => k.Length > 0).ToList();
        if (options.KeysFile is { Length: > 0 } file && File.Exists(file))
        {
            keys.AddRange(File.ReadAllLines(file)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#')));
        }
        return keys.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Fingerprint(ReadOnlySpan<byte> digest) => "key-" + Convert.ToHexStringLower(digest[..6]);

    private static byte[][] Digests(List<string> keys) =>
        keys.Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    private void ReloadFileIfChanged()
    {
        if (_options.KeysFile is not { Length: > 0 }) return;
        var now = _time.GetTimestamp();
        if (now < Interlocked.Read(ref _nextFileCheck)) return;
        lock (_reloadLock)
        {
            if (now < _nextFileCheck) return;
            _nextFileCheck = now + (long)(FileCheckInterval.TotalSeconds * _time.TimestampFrequency);
            var stamp = FileStamp();
            if (stamp == _fileStamp) return;
            try
            {
                var keys = CollectKeys(_options);
                if (keys.Count > 0) _digests = Digests(keys);
                _fileStamp = stamp;
            }
            catch (IOException)
            {
                // The file is being replaced; keep the keys we have and look again at the next check.
            }
        }
    }

    private DateTime FileStamp() =>
        _options.KeysFile is { Length: > 0 } file && File.Exists(file) ? File.GetLastWriteTimeUtc(file) : DateTime.MinValue;
}
