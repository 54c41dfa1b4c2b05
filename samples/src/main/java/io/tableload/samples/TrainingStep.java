package io.tableload.samples;

import io.tableload.load.CloseableIterator;
import io.tableload.load.LoadedTable;
import io.tableload.load.RecordOptions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.avro.generic.GenericRecord;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluation;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.slm.LARSTrainer;

/**
 * The example training step: a linear regression of {@code amount} on {@code quantity},
 * {@code unit_price} and {@code product} over the rows of a loaded {@code sales} table, fitted
 * with Tribuo's least squares (LARS run to the full model) and scored on held-out rows.
 *
 * <p>Rows stream from the loaded Parquet files one at a time, with only the columns the model
 * uses; only the features are kept in memory. One row in {@value #HOLD_OUT_EVERY}, chosen by {@code order_id}, is held out for
 * testing, so the split is the same on every run and in every worker.
 */
public final class TrainingStep {
    /** Every how many orders one is held out of training and scored instead. */
    public static final int HOLD_OUT_EVERY = 5;

    // Tribuo logs every LARS step at INFO through java.util.logging; held here, as JUL keeps
    // loggers only weakly and would forget the level.
    private static final Logger TRIBUO_LOG = quiet(Logger.getLogger("org.tribuo"));
    private static final RegressionFactory FACTORY = new RegressionFactory();
    private static final String TARGET = "amount";

    private TrainingStep() {}

    /**
     * The fitted model's error on the held-out rows.
     *
     * @param trainRows rows the model was fitted on
     * @param testRows held-out rows it was scored on
     * @param rmse root mean squared error of the predicted amount, in the currency's units
     * @param r2 coefficient of determination on the held-out rows (1 is a perfect fit)
     */
    public record Result(long trainRows, long testRows, double rmse, double r2) {}

    /** Streams the table's records, fits the model and scores it. Needs a few rows of each kind. */
    public static Result train(LoadedTable sales) {
        String name = sales.plan().table().ref().toString();
        MutableDataset<Regressor> train = new MutableDataset<>(new SimpleDataSourceProvenance(name + " (train)", FACTORY), FACTORY);
        MutableDataset<Regressor> test = new MutableDataset<>(new SimpleDataSourceProvenance(name + " (test)", FACTORY), FACTORY);
        String baseline = null;
        // Only the columns the model uses are decoded: 5 of the table's 11.
        RecordOptions features = RecordOptions.defaults()
                .withColumns("order_id", "product", "quantity", "unit_price", TARGET);
        try (CloseableIterator<GenericRecord> rows = sales.records(features)) {
            while (rows.hasNext()) {
                GenericRecord row = rows.next();
                baseline = baseline != null ? baseline : row.get("product").toString();
                long orderId = (Long) row.get("order_id");
                (orderId % HOLD_OUT_EVERY == 0 ? test : train).add(example(row, baseline));
            }
        }
        if (train.size() < 2 || test.size() == 0) {
            throw new IllegalArgumentException(name + " has too few rows to train and test on: "
                    + train.size() + " for training, " + test.size() + " held out");
        }
        Model<Regressor> model = new LARSTrainer().train(train);
        RegressionEvaluation score = new RegressionEvaluator().evaluate(model, test);
        return new Result(train.size(), test.size(), score.averageRMSE(), score.averageR2());
    }

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.WARNING);
        return logger;
    }

    /**
     * One row's features. The product is one-hot except for {@code baseline} (the first product
     * seen), whose effect the intercept carries: with every product one-hot the columns add up to
     * the intercept, and least squares on exactly collinear columns is unstable (held-out R^2
     * fell to 0.6 for some countries).
     */
    static Example<Regressor> example(GenericRecord row, String baseline) {
        double quantity = ((Integer) row.get("quantity")).doubleValue();
        double unitPrice = ((BigDecimal) row.get("unit_price")).doubleValue();
        double amount = ((BigDecimal) row.get(TARGET)).doubleValue();
        List<String> names = new ArrayList<>(List.of("quantity", "unit_price", "quantity_x_unit_price"));
        List<Double> values = new ArrayList<>(List.of(quantity, unitPrice,
                // An amount is a product of quantity and price, which a model linear in each alone
                // cannot express (R^2 about 0.85); the line total before discount is the natural feature.
                quantity * unitPrice));
        // Tribuo features are sparse: only this row's product is named, the others are 0.
        String product = row.get("product").toString();
        if (!product.equals(baseline)) {
            names.add("product=" + product);
            values.add(1.0);
        }
        return new ArrayExample<>(new Regressor(TARGET, amount), names.toArray(String[]::new),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
