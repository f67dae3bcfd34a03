package dev.tinykws.monitor.mqtt;

import dev.tinykws.monitor.error.MonitorException;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/** Paho connection options shared by the publisher and the fleet: credentials, TLS, keep-alive. */
public final class MqttConnections {
    private MqttConnections() {
    }

    public static MqttConnectOptions options(BrokerAddress broker, MqttCredentials credentials, boolean cleanSession,
                                             int maxInflight) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(cleanSession);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setMaxInflight(maxInflight);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (credentials.username() != null) {
            o.setUserName(credentials.username());
        }
        if (credentials.password() != null) {
            o.setPassword(credentials.password());
        }
        if (broker.tls()) {
            o.setHttpsHostnameVerificationEnabled(true);
            if (credentials.caFile() != null) {
                o.setSocketFactory(trusting(credentials).getSocketFactory());
            }
        }
        return o;
    }

    private static SSLContext trusting(MqttCredentials c) {
        try (InputStream in = Files.newInputStream(c.caFile())) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
            if (i == 0) {
                throw new MonitorException("no certificate in " + c.caFile() + " (--mqtt-ca takes PEM)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (MonitorException e) {
            throw e;
        } catch (Exception e) {
            throw new MonitorException("cannot use the CA file " + c.caFile() + ": " + e.getMessage(), e);
        }
    }
}
