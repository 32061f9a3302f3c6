using System.Globalization;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Sas.Interop.Samples.Publisher;

/// <summary>
/// The simulated publisher's regulator accounts (INT_R02), the log of the requests received and the failures tests
/// ask for. One lock guards everything, so a request is applied and logged atomically and concurrent writes to the
/// same account apply one after the other.
/// </summary>
internal sealed class RegulatorAccountStore
{
    private readonly Lock _lock = new();
    private readonly List<StoredAccount> _accounts = [];
    private readonly List<ReceivedRegulatorRequest> _received = [];
    private TaskCompletionSource _changed = NewSignal();
    private int _nextId;
    private int _failuresLeft;
    private int _failureStatus;
    private TimeSpan? _failureRetryAfter;
    private int _lostAnswersLeft;
    private RegulatorLostAnswer _lostAnswer;
    private bool _failing;
    private TimeSpan? _retryAfter;

    /// <summary>While true every request is answered 503 and changes nothing.</summary>
    public bool Failing
    {
        get
        {
            lock (_lock)
            {
                return _failing;
            }
        }

        set
        {
            lock (_lock)
            {
                _failing = value;
            }
        }
    }

    /// <summary><c>Retry-After</c> of the 503s of <see cref="Failing"/> and of lost answers.</summary>
    public TimeSpan? RetryAfter
    {
        get
        {
            lock (_lock)
            {
                return _retryAfter;
            }
        }

        set
        {
            lock (_lock)
            {
                _retryAfter = value;
            }
        }
    }

    public IReadOnlyList<RegulatorAccount> Accounts
    {
        get
        {
            lock (_lock)
            {
                return [.. _accounts.Select(a => a.Snapshot())];
            }
        }
    }

    public IReadOnlyList<ReceivedRegulatorRequest> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>For <see cref="WaitAsync{T}"/> probes, which run under the lock.</summary>
    public int ReceivedCountLocked => _received.Count;

    /// <summary>For <see cref="WaitAsync{T}"/> probes, which run under the lock.</summary>
    public IEnumerable<RegulatorAccount> AccountsLocked() => _accounts.Select(a => a.Snapshot());

    public RegulatorAccount? Find(string token)
    {
        lock (_lock)
        {
            return Owner(token)?.Snapshot();
        }
    }

    public Practitioner? Read(string id)
    {
        lock (_lock)
        {
            return (Practitioner?)_accounts.FirstOrDefault(a => a.Id == id)?.Resource.DeepCopy();
        }
    }

    public void FailNext(int count, int status, TimeSpan? retryAfter)
    {
        lock (_lock)
        {
            _failuresLeft = count;
            _failureStatus = status;
            _failureRetryAfter = retryAfter;
        }
    }

    public void LoseNextAnswers(int count, RegulatorLostAnswer how)
    {
        lock (_lock)
        {
            _lostAnswersLeft = count;
            _lostAnswer = how;
        }
    }

    /// <summary>The injected failure this request gets instead of being handled (it is not read), if any.</summary>
    public (int Status, TimeSpan? RetryAfter)? TakeFailure()
    {
        lock (_lock)
        {
            if (_failing)
            {
                return (503, _retryAfter);
            }

            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                return (_failureStatus, _failureRetryAfter);
            }

            return null;
        }
    }

    public void Record(ReceivedRegulatorRequest request)
    {
        lock (_lock)
        {
            RecordLocked(request);
        }
    }

    /// <summary>
    /// Creates or updates the account the write addresses: by the URL identifier (PUT) first, else by the body's
    /// identifiers, else a new one. The account's identifiers become the body's (the IG's identifier change).
    /// </summary>
    public RegulatorWriteResult Apply(ReceivedRegulatorRequest request, Practitioner body, DateTimeOffset now)
    {
        lock (_lock)
        {
            var bodyOwners = request.BodyIdentifiers.Select(Owner).OfType<StoredAccount>().Distinct().ToList();
            var urlOwner = request.UrlIdentifier is { } token ? Owner(token) : null;

            // Two accounts would become one: a real publisher refuses rather than guess which to keep.
            if ((urlOwner is not null && bodyOwners.Any(owner => owner != urlOwner)) || (urlOwner is null && bodyOwners.Count > 1))
            {
                RecordLocked(request with { StatusCode = 409 });
                return RegulatorWriteResult.Conflict(
                    $"The body's identifiers belong to other accounts ({string.Join(", ", bodyOwners.Where(o => o != urlOwner).Select(o => o.Id))}).");
            }

            // An unknown PUT target is a create (IG idempotency rule). A PUT whose URL identifier is gone but whose
            // body identifier is known is the retry of an identifier change already applied: it updates that account.
            var target = urlOwner ?? bodyOwners.SingleOrDefault();
            var created = target is null;
            if (target is null)
            {
                target = new StoredAccount("regul-" + (++_nextId).ToString(CultureInfo.InvariantCulture));
                _accounts.Add(target);
            }

            target.Write(body, now);
            var status = created ? 201 : 200;
            var lost = _lostAnswersLeft > 0 ? _lostAnswer : (RegulatorLostAnswer?)null;
            if (lost is not null)
            {
                _lostAnswersLeft--;
            }

            var answered = lost switch
            {
                RegulatorLostAnswer.ServiceUnavailable => 503,
                RegulatorLostAnswer.ConnectionDropped => (int?)null,
                _ => status,
            };
            RecordLocked(request with { StatusCode = answered, Applied = true, AccountId = target.Id });
            return new RegulatorWriteResult(status, lost, (Practitioner)target.Resource.DeepCopy(), null);
        }
    }

    /// <summary>Waits until <paramref name="probe"/> (run under the lock on every change) gives a value.</summary>
    public async Task<T> WaitAsync<T>(Func<T?> probe, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken)
        where T : class
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (probe() is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Still not true after {timeout.TotalSeconds} s: {describe()}");
            }
        }
    }

    /// <summary>What the log and the accounts look like, for a timeout's message.</summary>
    public string Describe()
    {
        lock (_lock)
        {
            var requests = string.Join("; ", _received.Select(r => $"{r.Method} {r.UrlIdentifier} [{string.Join(",", r.BodyIdentifiers)}] → {r.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "dropped"}"));
            var accounts = string.Join("; ", _accounts.Select(a => a.Snapshot()).Select(a => $"{a.Id} [{string.Join(",", a.Identifiers)}] active={a.Active} v{a.Version}"));
            return $"{_received.Count} request(s): {requests}. Accounts: {accounts}";
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StoredAccount? Owner(string token) => _accounts.FirstOrDefault(a => a.Identifiers.Contains(token, StringComparer.Ordinal));

    private void RecordLocked(ReceivedRegulatorRequest request)
    {
        _received.Add(request);
        var changed = _changed;
        _changed = NewSignal();
        changed.SetResult();
    }

    private sealed class StoredAccount(string id)
    {
        private string _content = string.Empty;
        private int _version;
        private int _writeCount;

        public string Id { get; } = id;

        public Practitioner Resource { get; private set; } = new();

        public IReadOnlyList<string> Identifiers { get; private set; } = [];

        public void Write(Practitioner body, DateTimeOffset now)
        {
            var copy = (Practitioner)body.DeepCopy();
            copy.Id = null;
            if (copy.Meta is not null)
            {
                copy.Meta.VersionId = null;
                copy.Meta.LastUpdated = null;
            }

            var content = FhirJson.Serialize(copy);
            _writeCount++;
            if (content == _content)
            {
                return;
            }

            // The SAS's own resource id (if any) means nothing here: the account is known by the simulator's id.
            _content = content;
            _version++;
            copy.Id = Id;
            copy.Meta ??= new Meta();
            copy.Meta.VersionId = _version.ToString(CultureInfo.InvariantCulture);
            copy.Meta.LastUpdated = now;
            Resource = copy;
            Identifiers = RegulatorRequestReader.Tokens(copy);
        }

        public RegulatorAccount Snapshot()
        {
            var name = Resource.Name.FirstOrDefault();
            var given = name?.Given.ToList() is { Count: > 0 } names ? string.Join(' ', names) : null;
            var email = Resource.Telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Email)?.Value;
            return new RegulatorAccount(Id, Identifiers, Resource.Active ?? false, name?.Family, given, email, _version, _writeCount, (Practitioner)Resource.DeepCopy());
        }
    }
}
