package io.kestrastack.kubernetes;

import io.kestrastack.kubernetes.render.KubernetesRenderer;
import io.kestrastack.kubernetes.testing.K8sExamples;
import io.kestrastack.testing.Goldens;
import org.junit.jupiter.api.Test;

/** The manifests of two reference deployments, byte for byte (regenerate with -Dkestra-stack.update-goldens=true). */
class GoldenFilesTest {

    @Test
    void standalone_with_s3_and_ingress_nginx_matches_golden() {
        Goldens.assertMatches("standalone-s3-ingress-nginx", new KubernetesRenderer().render(K8sExamples.standaloneS3Nginx()));
    }

    @Test
    void split_2x_with_three_workers_gcs_and_an_http_route_under_kestra_matches_golden() {
        Goldens.assertMatches("split-v2-gcs-httproute", new KubernetesRenderer().render(K8sExamples.splitV2GcsHttpRoute()));
    }
}
