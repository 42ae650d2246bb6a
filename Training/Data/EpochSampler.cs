namespace AlexNetMl.Training.Data;

/// <summary>
/// Which training images each epoch sees. Epochs take consecutive slices of one shuffle of the training set after
/// another, so a run shorter than a pass sees only distinct images, and a longer one sees every image once per pass.
/// Every shuffle is drawn from (seed, pass) alone, so any epoch can be rebuilt in any process.
/// </summary>
public sealed class EpochSampler
{
    private readonly int _datasetSize;
    private readonly int _imagesPerEpoch;
    private readonly int _seed;
    private int _cachedPass = -1;
    private int[] _cachedOrder = [];

    /// <summary>Creates the sampler for epochs of <paramref name="imagesPerEpoch"/> images out of <paramref name="datasetSize"/>.</summary>
    public EpochSampler(int datasetSize, int imagesPerEpoch, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(datasetSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imagesPerEpoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(imagesPerEpoch, datasetSize);
        _datasetSize = datasetSize;
        _imagesPerEpoch = imagesPerEpoch;
        _seed = seed;
    }

    /// <summary>The dataset indices of epoch <paramref name="epoch"/> (1-based), in training order.</summary>
    public int[] Indices(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epoch);
        int[] indices = new int[_imagesPerEpoch];
        long start = (long)(epoch - 1) * _imagesPerEpoch;
        for (int i = 0; i < indices.Length; i++)
        {
            long position = start + i;
            indices[i] = Order((int)(position / _datasetSize))[(int)(position % _datasetSize)];
        }

        return indices;
    }

    /// <summary>
    /// The seed of a pass's shuffle. Plain arithmetic, the same in every process: HashCode.Combine, used here once, is
    /// randomised per process, so a run resumed in a new process shuffled differently from the one it continued.
    /// </summary>
    public static int PassSeed(int seed, int pass) => unchecked((seed * 1_000_003) + pass + 1);

    private int[] Order(int pass)
    {
        if (pass != _cachedPass)
        {
            _cachedOrder = Enumerable.Range(0, _datasetSize).ToArray();
            new Random(PassSeed(_seed, pass)).Shuffle(_cachedOrder);
            _cachedPass = pass;
        }

        return _cachedOrder;
    }
}
