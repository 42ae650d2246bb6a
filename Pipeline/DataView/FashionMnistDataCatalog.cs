using AlexNetMl.Pipeline.Data;
using Microsoft.ML;

namespace AlexNetMl.Pipeline.DataView;

/// <summary>Catalog extensions: <c>mlContext.Data.LoadFashionMnist(...)</c>.</summary>
public static class FashionMnistDataCatalog
{
    /// <summary>
    /// Loads one split of Fashion-MNIST from <paramref name="directory"/> (checked by <see cref="IdxReader"/>) as an
    /// <see cref="IDataView"/> with a key-typed <c>Label</c> and 784-byte <c>Pixels</c>.
    /// </summary>
    /// <param name="catalog">The data catalog.</param>
    /// <param name="directory">Folder holding the IDX files (.gz or not).</param>
    /// <param name="split">Train or test.</param>
    /// <param name="limit">Keep only the first N rows.</param>
    public static IDataView LoadFashionMnist(this DataOperationsCatalog catalog, string directory, FashionMnistSplit split, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FashionMnistDataView(FashionMnistDataset.Load(directory, split).Take(limit));
    }

    /// <summary>Wraps an already loaded dataset as an <see cref="IDataView"/>.</summary>
    public static IDataView LoadFashionMnist(this DataOperationsCatalog catalog, FashionMnistDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new FashionMnistDataView(dataset);
    }
}
